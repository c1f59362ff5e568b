using System.Text.Json;
using System.Text.Json.Nodes;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;

namespace GrnGpu.Models.Training;

/// <summary>One run of an ensemble: its seed and its own threshold-free metrics on the shared test pairs.</summary>
public sealed record EnsembleMember(string Run, long Seed, double Auroc, double Aupr);

/// <summary>
/// `grn ensemble`'s metrics.json: the mean of several seeds' model scores on one fold's test pairs. Only AUROC and
/// AUPR: a decision threshold would need the ensemble's validation scores, which the runs do not keep.
/// <see cref="Comparisons"/> is ensemble minus each baseline, <see cref="VersusMembers"/> ensemble minus each seed alone.
/// </summary>
public sealed record EnsembleReport(string Model, string Split, int Fold, int TestPairs, double Auroc, double Aupr, IReadOnlyList<EnsembleMember> Members,
    MetricSummary MemberAuroc, MetricSummary MemberAupr, IReadOnlyDictionary<string, PairedComparison> Comparisons,
    IReadOnlyDictionary<string, PairedComparison> VersusMembers)
{
    public const string Kind = "ensemble";

    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options);
}

/// <summary>Averages the test scores of finished runs that differ only in --seed (same fold, same test pairs).</summary>
public static class Ensemble
{
    public static (EnsembleReport Report, ScoreTable Table) Of(IReadOnlyList<string> runs)
    {
        if (runs.Count < 2) throw new GrnException($"--runs: an ensemble needs two or more runs, got {runs.Count}");
        var options = new List<TrainOptions>();
        var tables = new List<ScoreTable>();
        var reports = new List<RunReport>();
        foreach (var run in runs)
        {
            if (!RunFolder.IsRun(run)) throw new GrnException($"{run}: not a training run (no {RunFolder.ConfigFile}); give fold run folders, e.g. CV/fold-0");
            if (!RunFolder.IsFinished(run)) throw new GrnException($"{run}: that run has not finished (no {Manifest.FileName}); finish it before the ensemble");
            Manifest.Verify(run, RunFolder.Kind);
            string scores = Path.Combine(run, ScoreTable.FileName);
            if (!File.Exists(scores)) throw new GrnException($"{run}: no {ScoreTable.FileName} (a run made before it was written); retrain it to ensemble it");
            options.Add(TrainingRun.ReadConfig(run).Options);
            tables.Add(ScoreTable.Read(scores));
            reports.Add(RunReport.Read(Path.Combine(run, MetricsReportWriter.MetricsFile)));
        }
        // Members differ in their seed only (which also seeds the choice of image pairs); the split seed must then be
        // fixed, or their test pairs differ.
        static JsonObject Shared(TrainOptions o) =>
            JsonSerializer.SerializeToNode(o with { Seed = 0, SplitSeed = o.SplitSeed ?? o.Seed, Data = o.Data with { ImageSeed = 0 } }, TrainOptions.Json)!.AsObject();
        var first = Shared(options[0]);
        for (int r = 1; r < runs.Count; r++)
        {
            var other = Shared(options[r]);
            foreach (var (name, value) in first)
                if (!JsonNode.DeepEquals(value, other[name]))
                    throw new GrnException($"{runs[0]} and {runs[r]} were trained with different {TrainingRun.OptionName(name)} ({value?.ToJsonString() ?? "none"} and " +
                                           $"{other[name]?.ToJsonString() ?? "none"}): the runs of an ensemble share every option but --seed");
            if (!tables[r].Pairs.SequenceEqual(tables[0].Pairs))
                throw new GrnException($"{runs[0]} and {runs[r]} tested different gene pairs (their split moved with --seed): train the members with one --split-seed");
        }
        if (options.Select(o => o.Seed).Distinct().Count() < runs.Count)
            throw new GrnException("--runs: two runs have the same --seed; an ensemble averages different seeds");

        var t0 = tables[0];
        var mean = Enumerable.Range(0, t0.Count).Select(i => tables.Average(t => t[ScoreTable.Model]![i])).ToArray();
        // Baselines do not depend on the model's seed (the forest's does: the first run's forest is kept).
        var columns = new Dictionary<string, double[]> { [ScoreTable.Model] = mean };
        foreach (var (name, values) in t0.Columns)
            if (name != ScoreTable.Model && name != ScoreTable.Stacked) columns[name] = values;
        var table = new ScoreTable(t0.Pairs, t0.Labels, t0.Folds, columns);
        var members = runs.Select((run, r) => new EnsembleMember(Path.GetFullPath(run), options[r].Seed,
            RankingMetrics.Auroc(t0.Labels, tables[r][ScoreTable.Model]!), RankingMetrics.AveragePrecision(t0.Labels, tables[r][ScoreTable.Model]!))).ToList();
        var versus = runs.Select((run, r) => (Key: $"seed {options[r].Seed}", Value: PairedComparison.Of(t0.Labels, mean, tables[r][ScoreTable.Model]!)))
            .ToDictionary(x => x.Key, x => x.Value);
        var report = new EnsembleReport(reports[0].Model, reports[0].Split, reports[0].Fold, t0.Count,
            RankingMetrics.Auroc(t0.Labels, mean), RankingMetrics.AveragePrecision(t0.Labels, mean), members,
            MetricSummary.Of(members.Select(m => m.Auroc)), MetricSummary.Of(members.Select(m => m.Aupr)), PairedAnalysis.Comparisons(table), versus);
        return (report, table);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace GrnGpu.Tests.Cli.Slurm;

/// <summary>
/// `grn slurm cv` and `grn slurm predict` on a live one-node Slurm: every array task completes, the merge job runs
/// after them, and the merged results are the ones one machine computes with the same command.
/// </summary>
public class SlurmArrayTests
{
    /// <summary>A slice of the seed data: 200 labelled pairs, and for predict 8 TFs against 40 genes plus two copies.</summary>
    private sealed class SeedSlice
    {
        public SeedSlice(TempFolder dir)
        {
            string seed = Requirements.SharedData("seed-rna");
            Pairs = dir.Write("pairs.csv", string.Join('\n', File.ReadLines(Path.Combine(seed, "new_benchmark_dataset.csv")).Take(200)) + "\n");
            Tfs = dir.Write("tfs.csv", string.Join('\n', File.ReadLines(Path.Combine(seed, "tf_dataset.csv")).Take(8)) + "\n");
            // Two genes copied under new names score exactly as their originals: ties, which must rank as one run ranks them.
            var genes = File.ReadLines(Path.Combine(seed, "gene_dataset.csv")).Take(40).ToList();
            genes.Add("copyA" + genes[3][genes[3].IndexOf(',')..]);
            genes.Add("copyB" + genes[17][genes[17].IndexOf(',')..]);
            Genes = dir.Write("genes.csv", string.Join('\n', genes) + "\n");
            _seed = seed;
        }

        public string Pairs { get; }
        public string Tfs { get; }
        public string Genes { get; }
        private readonly string _seed;

        /// <summary>A 2-fold cv of the RNA model on the slice.</summary>
        public string[] Cv(int epochs = 1) => ["--model", "rna", "--expression", Path.Combine(_seed, "tf_dataset.csv"), "--expression",
            Path.Combine(_seed, "gene_dataset.csv"), "--pairs", Pairs, "--folds", "2", "--epochs", epochs.ToString(), "--bn-batches", "1",
            "--baselines", "pearson", "--device", "cpu"];
    }

    private static void NeedSlurm()
    {
        Requirements.Need(LocalSlurm.Missing() == null, "GRN_REQUIRE_SLURM", $"Slurm is absent: {LocalSlurm.Missing()}");
        Requirements.Need(Environment.UserName == "root", "GRN_REQUIRE_SLURM", "starting munged, slurmctld and slurmd needs root");
    }

    private static readonly Regex Submitted = new(@"submitted array job (\d+) \(tasks 0-(\d+)\) and merge job (\d+)");

    [Fact]
    public void CvAndPredictAsArrayJobsMergeToTheOneMachineResult()
    {
        NeedSlurm();
        var clock = Stopwatch.StartNew();
        using var dir = new TempFolder();
        var data = new SeedSlice(dir);
        using var slurm = new LocalSlurm();
        string cv = dir.File("cv"), cvLocal = dir.File("cv-local"), slow = dir.File("cv-slow");

        // A task the scheduler kills at its time limit (1 minute, the least Slurm takes): started first, as it takes longest.
        var timedOut = CliRunner.RunWith(slurm.Environment, ["--threads", "1", "slurm", "cv", .. data.Cv(epochs: 100000), "--out", slow,
            "--time", "1", "--array-limit", "1", "--submit"]);
        Assert.True(timedOut.ExitCode == 0, timedOut.Stderr);
        var slowJobs = Submitted.Match(timedOut.Stdout);

        var submit = CliRunner.RunWith(slurm.Environment, ["slurm", "cv", .. data.Cv(), "--out", cv, "--cpus-per-task", "1", "--time", "10", "--submit"]);
        Assert.True(submit.ExitCode == 0, submit.Stderr + submit.Stdout);
        var cvJobs = Submitted.Match(submit.Stdout);
        Assert.True(cvJobs.Success, submit.Stdout);
        Assert.Equal("1", cvJobs.Groups[2].Value);
        Assert.Contains("is rerun alone: scancel", submit.Stdout);

        // The same cross-validation on this machine, while Slurm runs the folds.
        var local = CliRunner.Run(["cv", .. data.Cv(), "--out", cvLocal]);
        Assert.True(local.ExitCode == 0, local.Stderr);

        // Scoring every TF against every gene of the slice in 3 shards, with the one-machine run's fold-0 weights.
        string edges = dir.File("edges.tsv"), edgesLocal = dir.File("edges-local.tsv");
        string[] predictArgs = ["--weights", Path.Combine(cvLocal, "fold-0"), "--all-pairs", "--expression", data.Tfs, "--expression", data.Genes, "--device", "cpu"];
        // Written only, then submitted the way README says: bash DIR/submit.sh.
        var predict = CliRunner.RunWith(slurm.Environment, ["slurm", "predict", .. predictArgs, "--shards", "3", "--out", edges]);
        Assert.True(predict.ExitCode == 0, predict.Stderr + predict.Stdout);
        string submitted = Bash(slurm, Path.Combine(edges + ".slurm", "submit.sh"));
        var predictJobs = Regex.Match(submitted, @"array job (\d+), merge job (\d+)");
        Assert.True(predictJobs.Success, submitted);
        var one = CliRunner.Run(["predict", .. predictArgs, "--out", edgesLocal]);
        Assert.True(one.ExitCode == 0, one.Stderr);

        foreach (var (array, tasks, merge, folder) in new[]
                 {
                     (long.Parse(cvJobs.Groups[1].Value), 2, long.Parse(cvJobs.Groups[3].Value), cv),
                     (long.Parse(predictJobs.Groups[1].Value), 3, long.Parse(predictJobs.Groups[2].Value), edges + ".slurm"),
                 })
        {
            var finished = slurm.WaitFor(array, tasks, [merge], TimeSpan.FromSeconds(120));
            var taskJobs = finished.Where(j => j.ArrayJobId == array).ToList();
            var mergeJob = Assert.Single(finished, j => j.JobId == merge && j.ArrayJobId == null);
            string logs = Logs(folder);
            Assert.True(taskJobs.All(j => j.State == "COMPLETED" && j.ExitCode == "0:0"), string.Join('\n', finished) + logs);
            Assert.Equal(Enumerable.Range(0, tasks), taskJobs.Select(j => j.ArrayTaskId!.Value).Order());
            Assert.True(mergeJob.State == "COMPLETED", mergeJob + logs);
            Assert.True(mergeJob.Start >= taskJobs.Max(j => j.End), $"the merge started before a task ended: {string.Join('\n', finished)}");
        }

        // The merged cross-validation is the one-machine one: every metric of every fold and the means (only the
        // seconds each fold took differ), and every test pair's score.
        Assert.True(JsonNode.DeepEquals(WithoutTimes(Path.Combine(cvLocal, "metrics.json")), WithoutTimes(Path.Combine(cv, "metrics.json"))),
            "merged metrics differ from the one-machine cv");
        Assert.Equal(File.ReadAllText(Path.Combine(cvLocal, "predictions.tsv")), File.ReadAllText(Path.Combine(cv, "predictions.tsv")));
        // The merged edge list is the one-machine list byte for byte: the same pairs, scores to the bit, ties in the same order.
        string merged = File.ReadAllText(edges);
        Assert.Equal(File.ReadAllText(edgesLocal), merged);
        Assert.Equal(8 * 42 + 1, merged.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var scores = merged.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')[2]).ToList();
        Assert.True(scores.Count - scores.Distinct().Count() >= 8, "the slice should hold tied scores (the copied genes)");

        // The slow cv: its first task was killed at the time limit, so its fold is unfinished and the merge names it.
        Assert.True(slowJobs.Success, timedOut.Stdout);
        // --threads, typed before "slurm", reaches the tasks' grn cv.
        Assert.Contains(" cv --threads 1 --model rna", File.ReadAllText(Path.Combine(slow + ".slurm", "array.sbatch")));
        long slowArray = long.Parse(slowJobs.Groups[1].Value);
        var killed = slurm.WaitFor(slowArray, 1, [], TimeSpan.FromSeconds(150)).First(j => j.ArrayJobId == slowArray);
        slurm.Client("/usr/bin/scancel", slowArray.ToString(), slowJobs.Groups[3].Value);
        Assert.Equal("TIMEOUT", killed.State);
        var refused = CliRunner.Run("cv", "--merge", slow, "--out", slow);
        Assert.Equal(2, refused.ExitCode);
        string line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{Path.Combine(slow, $"fold-{killed.ArrayTaskId}")}: that fold has not finished", line);
        Assert.False(File.Exists(Path.Combine(slow, "metrics.json")));

        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"took {clock.Elapsed}");
    }

    /// <summary>
    /// What cannot run is refused in one line before anything is written or submitted: a cv folder holding another
    /// cross-validation, --array-limit 0, more shards than pairs. Without sbatch, --submit still writes the scripts.
    /// Needs no Slurm.
    /// </summary>
    [Fact]
    public void RequestsThatCannotRunAreRefusedBeforeAnythingIsSubmitted()
    {
        using var dir = new TempFolder();
        var data = new SeedSlice(dir);
        string cv = dir.File("cv");
        var fold = CliRunner.Run(["cv", .. data.Cv(), "--out", cv, "--fold", "0"]);
        Assert.True(fold.ExitCode == 0, fold.Stderr);

        Assert.Equal($"grn: error: --out {cv}: holds a different cross-validation (fold-0 was trained with --epochs 1, not 2); choose another folder, " +
                     "or give the same options to finish that one", OneLine(CliRunner.Run(["slurm", "cv", .. data.Cv(epochs: 2), "--out", cv])));
        Assert.False(Directory.Exists(cv + ".slurm"));

        string fresh = dir.File("fresh");
        Assert.Equal("grn: error: --array-limit 0: expected at least 1 (the number of tasks that may run at once)",
            OneLine(CliRunner.Run(["slurm", "cv", .. data.Cv(), "--out", fresh, "--array-limit", "0"])));
        Assert.False(Directory.Exists(fresh + ".slurm"));

        string three = dir.Write("three.csv", string.Join('\n', File.ReadLines(data.Pairs).Take(3)) + "\n");
        string edges = dir.File("edges.tsv");
        Assert.Equal("grn: error: --shards 4: there are only 3 pairs to score, so at most 3 shards (each task scores at least one)",
            OneLine(CliRunner.Run("slurm", "predict", "--weights", Path.Combine(cv, "fold-0"), "--pairs", three, "--shards", "4", "--out", edges, "--device", "cpu")));
        Assert.False(Directory.Exists(edges + ".slurm"));

        // A PATH holding dotnet alone: sbatch is absent, as on a machine that is not a Slurm login node.
        string bin = dir.File("bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), RealDotnet());
        var noSbatch = CliRunner.RunWith(new Dictionary<string, string> { ["PATH"] = bin }, ["slurm", "cv", .. data.Cv(), "--out", cv, "--submit"]);
        string jobs = cv + ".slurm";
        Assert.Equal($"grn: error: --submit: sbatch was not found on PATH (is this a Slurm login node?); the job scripts are written: submit them with " +
                     $"bash {Path.Combine(jobs, "submit.sh")} where Slurm runs", OneLine(noSbatch));
        // The scripts are whole: the same cv (fold 0 is already done, a task skips it), one task per fold, then the merge.
        string array = File.ReadAllText(Path.Combine(jobs, "array.sbatch"));
        Assert.Contains("#SBATCH --array=0-1\n", array);
        Assert.Contains($"cv --model rna", array);
        Assert.Contains($"--out {cv} --fold \"$SLURM_ARRAY_TASK_ID\"", array);
        Assert.Contains($"cv --merge {cv} --out {cv}", File.ReadAllText(Path.Combine(jobs, "merge.sbatch")));
    }

    private static string OneLine(CliRunner.Result r)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}; stdout: {r.Stdout}; stderr: {r.Stderr}");
        return Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The dotnet executable this machine runs grn with, links resolved.</summary>
    private static string RealDotnet()
    {
        string found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        return new FileInfo(found).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? found;
    }

    /// <summary>Runs a bash script with the cluster's environment; its output.</summary>
    private static string Bash(LocalSlurm slurm, string script)
    {
        var (code, output) = LocalSlurm.RunProcess("bash", [script], slurm.Environment);
        Assert.True(code == 0, $"bash {script}: {output}");
        return output;
    }

    /// <summary>A metrics.json without the seconds each fold took (the one thing two runs of the same cv differ in).</summary>
    private static JsonNode WithoutTimes(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("seconds");
                foreach (var (_, v) in o.ToList()) Strip(v);
            }
            else if (n is JsonArray a) foreach (var v in a) Strip(v);
        }
        Strip(node);
        return node;
    }

    private static string Logs(string folder)
    {
        string logs = Path.Combine(folder.EndsWith(".slurm", StringComparison.Ordinal) ? folder : folder + ".slurm", "logs");
        return Directory.Exists(logs)
            ? string.Concat(Directory.GetFiles(logs).Order().Select(f => $"\n--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(8))}"))
            : "";
    }
}

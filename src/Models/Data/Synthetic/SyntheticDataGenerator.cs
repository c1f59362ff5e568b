using System.Globalization;
using System.Text;
using GrnGpu.Engine;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Models.Data.Synthetic;

/// <summary>What <see cref="SyntheticDataGenerator.Generate"/> wrote.</summary>
public sealed record SyntheticSummary(string OutputDirectory, int Tfs, int Targets, int Edges, int Pairs, int PositivePairs, int Images);

/// <summary>
/// Writes a synthetic SDINet data set with a known regulatory graph, in the seed's layout:
/// <code>
/// DIR/images/tf/&lt;gene&gt;/&lt;view&gt;/insituNNNNN.bmp    320 x 128 24-bit BMPs, views lateral, dorsal, ventral
/// DIR/images/gene/&lt;gene&gt;/&lt;view&gt;/insituNNNNN.bmp
/// DIR/tf_dataset.csv, DIR/gene_dataset.csv  no header: symbol, FlyBase-like id, N expression values
/// DIR/pairs.csv                          no header: tf, target, label (1 regulates, 0 not), shuffled, ~balanced
/// DIR/hidden_graph.csv                   with header: the true edges and which targets break which modality
/// DIR/README.txt                         the generator, its options and seed
/// </code>
/// Same options and seed give byte-identical files: every random choice comes from a DeterministicRng stream
/// named by what it is for, so the parallel image painting does not change any value.
/// </summary>
public static class SyntheticDataGenerator
{
    public static readonly string[] Views = ["lateral", "dorsal", "ventral"];
    private static readonly string[] OwnFiles = ["tf_dataset.csv", "gene_dataset.csv", "pairs.csv", "hidden_graph.csv", "README.txt"];

    /// <summary>Kind of the set in its manifest.</summary>
    public const string Kind = "synth";

    /// <param name="overwrite">Allow replacing a previous synthetic set in DIR (the whole set is swapped for the new one).</param>
    /// <param name="progress">Receives one step per image painted.</param>
    public static SyntheticSummary Generate(string directory, SyntheticOptions options, bool overwrite = false, IWorkProgress? progress = null)
    {
        options.Validate();
        using var output = OutputFolder.Begin(directory, new OutputRequest(Kind, CommandLine.Current())
        {
            MayReplace = overwrite,
            LegacyNames = [.. OwnFiles, "images"],
        });
        // 24-bit BMPs: a 54-byte header and rows padded to 4 bytes; three views per gene.
        long bmpBytes = 54 + (long)options.ImageHeight * ((options.ImageWidth * 3 + 3) / 4 * 4);
        long imageBytes = 3L * (options.Tfs + options.Targets) * options.ImagesPerGene * bmpBytes;
        output.RequireSpace(imageBytes + 40L * (options.Tfs + options.Targets) * options.Samples, "the synthetic data set (images and tables)");
        var summary = Write(output.Staging, options, progress ?? NoProgress.Instance);
        output.Set("tfs", summary.Tfs);
        output.Set("targets", summary.Targets);
        output.Set("pairs", summary.Pairs);
        output.Set("images", summary.Images);
        output.Set("seed", options.Seed);
        output.Commit();
        return summary with { OutputDirectory = directory };
    }

    private static SyntheticSummary Write(string directory, SyntheticOptions options, IWorkProgress progress)
    {
        var graph = RegulatoryGraph.Generate(options);
        var (tfLevels, targetLevels) = ExpressionSimulator.Simulate(graph, options);
        var pairs = LabelledPairs(graph, options);
        int images = WriteImages(directory, graph, options, progress);

        AtomicFile.WriteAllText(Path.Combine(directory, "tf_dataset.csv"), ExpressionCsv(graph.Tfs, tfLevels));
        AtomicFile.WriteAllText(Path.Combine(directory, "gene_dataset.csv"), ExpressionCsv(graph.Targets, targetLevels));
        var sb = new StringBuilder();
        foreach (var (tf, target, label) in pairs) sb.Append(tf).Append(',').Append(target).Append(',').Append(label).Append('\n');
        AtomicFile.WriteAllText(Path.Combine(directory, "pairs.csv"), sb.ToString());
        AtomicFile.WriteAllText(Path.Combine(directory, "hidden_graph.csv"), HiddenGraphCsv(graph));
        var summary = new SyntheticSummary(directory, graph.Tfs.Count, graph.Targets.Count, graph.Edges.Count, pairs.Count, pairs.Count(p => p.Label == 1), images);
        AtomicFile.WriteAllText(Path.Combine(directory, "README.txt"), Readme(options, summary, graph));
        return summary;
    }

    /// <summary>
    /// Every true edge as a positive, and as many non-edges (drawn without replacement) as negatives, shuffled:
    /// the seed cuts folds from consecutive rows, so file order must not follow the label. LabelNoise flips a
    /// seeded fraction of the labels afterwards.
    /// </summary>
    public static List<(string Tf, string Target, int Label)> LabelledPairs(RegulatoryGraph graph, SyntheticOptions o)
    {
        var rng = DeterministicRng.For(o.Seed, "pairs");
        var edges = graph.Edges.Select(e => (e.Tf, e.Target)).ToHashSet();
        var negatives = new List<(int, int)>();
        for (int t = 0; t < graph.Tfs.Count; t++)
        for (int g = 0; g < graph.Targets.Count; g++)
            if (!edges.Contains((t, g))) negatives.Add((t, g));
        rng.Shuffle(negatives);
        var list = graph.Edges.Select(e => (graph.Tfs[e.Tf].Symbol, graph.Targets[e.Target].Symbol, 1)).ToList();
        list.AddRange(negatives.Take(graph.Edges.Count).Select(p => (graph.Tfs[p.Item1].Symbol, graph.Targets[p.Item2].Symbol, 0)));
        rng.Shuffle(list);
        for (int i = 0; i < list.Count; i++)
            if (rng.Chance(o.LabelNoise)) list[i] = (list[i].Item1, list[i].Item2, 1 - list[i].Item3);
        return list;
    }

    private static int WriteImages(string directory, RegulatoryGraph graph, SyntheticOptions o, IWorkProgress progress)
    {
        // Fix every job (and its file number) before painting in parallel, so numbering never depends on timing.
        var jobs = new List<(SyntheticGene Gene, string Folder, string View, int Number, int K)>();
        int number = 10000;
        foreach (var (genes, folder) in new[] { (graph.Tfs, ImageStore.TfFolder), (graph.Targets, ImageStore.TargetFolder) })
        foreach (var gene in genes)
        foreach (string view in Views)
        {
            Directory.CreateDirectory(Path.Combine(directory, "images", folder, gene.Symbol, view));
            for (int k = 0; k < o.ImagesPerGene; k++) jobs.Add((gene, folder, view, number++, k));
        }
        progress.Stage("images painted", jobs.Count);
        Parallel.ForEach(jobs, job =>
        {
            var rng = DeterministicRng.For(o.Seed, "image", job.Folder, job.Gene.Symbol, job.View, job.K.ToString(CultureInfo.InvariantCulture));
            double strength = job.Gene.StainStrength * rng.Uniform(0.85, 1.1);
            if (rng.Chance(o.WeakStainRate)) strength *= rng.Uniform(0.1, 0.3); // an embryo at a stage with little expression
            var image = EmbryoPainter.Paint(job.Gene.Domains, job.View, Math.Min(1, strength), o.ImageWidth, o.ImageHeight, rng, o.SignalRegion, job.Gene.Code);
            BmpEncoder.WriteFile(Path.Combine(directory, "images", job.Folder, job.Gene.Symbol, job.View, $"insitu{job.Number}.bmp"), image);
            progress.Advance();
        });
        return jobs.Count;
    }

    private static string ExpressionCsv(IReadOnlyList<SyntheticGene> genes, double[][] levels)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < genes.Count; i++)
        {
            sb.Append(genes[i].Symbol).Append(',').Append(genes[i].FlyBaseId);
            // G17 after rounding to 6 decimals: how the seed's CSVs were written (e.g. 1.1663829999999999).
            foreach (double v in levels[i]) sb.Append(',').Append(v.ToString("G17", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string HiddenGraphCsv(RegulatoryGraph graph)
    {
        var sb = new StringBuilder("tf,target,function,weight,threshold,target_domains_mismatched,target_expression_noisy\n");
        foreach (var e in graph.Edges)
            sb.Append(CultureInfo.InvariantCulture, $"{graph.Tfs[e.Tf].Symbol},{graph.Targets[e.Target].Symbol},{e.Function.ToString().ToLowerInvariant()},{e.Weight:F4},{e.Threshold:F4},{(graph.MismatchedDomains[e.Target] ? 1 : 0)},{(graph.NoisyExpression[e.Target] ? 1 : 0)}\n");
        return sb.ToString();
    }

    private static string Readme(SyntheticOptions o, SyntheticSummary s, RegulatoryGraph graph)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"""
            Synthetic SDINet data set, written by `grn synth` (GrnGpu.Models.Data.SyntheticDataGenerator).

            Seed {o.Seed}; {o.Tfs} TFs, {o.Targets} targets, {o.Samples} expression samples per gene,
            {o.ImagesPerGene} images per gene per view ({Views.Length} views), images {o.ImageWidth} x {o.ImageHeight}.
            Mismatched-domain rate {o.MismatchedDomainRate}, noisy-expression rate {o.NoisyExpressionRate},
            label noise {o.LabelNoise}, weak-stain rate {o.WeakStainRate}.
            Result: {s.Edges} true edges, {s.Pairs} labelled pairs ({s.PositivePairs} positive), {s.Images} images.
            The same options and seed always give byte-identical files.

            Layout (the SDINet seed's):
              images/tf/<gene>/<view>/insituNNNNN.bmp    TF images; views lateral, dorsal, ventral
              images/gene/<gene>/<view>/insituNNNNN.bmp  target images
              tf_dataset.csv, gene_dataset.csv           no header: symbol, id, {o.Samples} values
              pairs.csv                                  no header: tf, target, label (1 = regulates)
              hidden_graph.csv                           the true edges (for analysis only, not for training)

            How it is generated:
            - Each TF has one or two stain domains (anterior or posterior cap, dorsal or ventral region, a band,
              or 3-7 stripes). Each target has 0 (20%), 1 (55%) or 2 (25%) regulating TFs.
            - A regulated target copies its regulators' domains, jittered, sometimes with one extra domain;
              "mismatched" targets (and unregulated ones) draw their own domains instead, which can resemble a
              TF's by chance.
            - Images: an elliptical embryo, anterior left, on white; beige body with texture and a darker rim;
              blue-purple stain where the domains are; pose, size, stain strength and noise vary per image, and
              some images show a weak stain (another stage). Dorsal/ventral views see the embryo from above/below,
              so dorsal domains fill a dorsal view and vanish from a ventral one.
            - Expression: TFs mix shared latent programmes with their own course; a target is the sum over its
              regulators of a linear, sigmoid, repressive, U-shaped or saturating function of the TF level, plus
              noise; "noisy" targets get noise 2.5x their signal. Mismatched and noisy targets are disjoint, so
              neither modality alone is perfect and the two together are better.
            - Pairs: every true edge, and as many random non-edges, shuffled.

            {(o.SignalRegion is { } region ? $"Signal region {region} (x0,y0,x1,y1, fractions of width and height): the label is written there only, as a\n{SignalRegion.Columns}x{SignalRegion.Rows} grid of stained cells (a gene's code); a regulated target copies its first regulator's code, every\nother gene draws its own, and stain domains are drawn per gene, so outside the region the images say nothing about the label.\n\n" : "")}Targets with mismatched domains: {graph.MismatchedDomains.Count(m => m)}; with noisy expression: {graph.NoisyExpression.Count(m => m)}.

            """);
        sb.Append("TF stain domains:\n");
        foreach (var tf in graph.Tfs) sb.Append("  ").Append(tf.Symbol).Append(": ").Append(string.Join("; ", tf.Domains)).Append('\n');
        return sb.ToString().Replace("\r\n", "\n");
    }
}

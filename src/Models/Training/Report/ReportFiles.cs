using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Training.Charts;

namespace GrnGpu.Models.Training.Report;

/// <summary>
/// Writes a run's or a cross-validation's charts (NAME.svg and NAME.png) and report.html, all drawn from the files in
/// the folder (so `grn train`, `grn cv` and `grn report` show the same thing). Each file is written to a temporary
/// name and renamed; everything is read and drawn before the first is written.
/// </summary>
public static class ReportFiles
{
    public const string ReportFile = "report.html";

    /// <summary>The files <see cref="WriteCv"/> adds to a cv folder (beside metrics.json, predictions.tsv, the manifest and fold-i/).</summary>
    public static IEnumerable<string> CvFiles =>
        new[] { RecordCharts.Summary, RecordCharts.Roc, RecordCharts.PrecisionRecall, RecordCharts.Learning }
            .SelectMany(n => new[] { n + ".svg", n + ".png" }).Append(ReportFile);

    /// <summary>A finished run's charts and report.html (called by the run itself before its manifest).</summary>
    public static void WriteRun(string folder)
    {
        var run = RunRecord.Read(folder);
        Write(folder, RecordCharts.Of(run), svgs => RunReportPage.Build(run, svgs), charts: true);
    }

    /// <summary>A merged cross-validation's charts and report.html (called by the merge, before its manifest, with the fold runs it joined).</summary>
    public static void WriteCv(string folder, IReadOnlyList<string> foldFolders)
    {
        var cv = CvRecord.Read(folder, foldFolders);
        Write(folder, RecordCharts.Of(cv), svgs => CvReportPage.Build(cv, svgs), charts: true);
    }

    /// <summary>
    /// `grn report`: report.html alone, for the run or cv folder <paramref name="folder"/>. A folder holding neither is
    /// one line naming it. A finished set (with a manifest) is checked first and its manifest then lists the new
    /// report, so `grn verify` still passes; the output lock keeps a run or merge still writing the folder out.
    /// Returns the path written.
    /// </summary>
    public static string WriteReportOnly(string folder)
    {
        if (File.Exists(folder)) throw new GrnException($"{folder}: is a file; expected a run folder (grn train --out) or a cv folder (grn cv --out)");
        if (!Directory.Exists(folder)) throw new GrnException($"{folder}: folder not found; expected a run folder (grn train --out) or a cv folder (grn cv --out)");
        bool isRun = RunFolder.IsRun(folder);
        bool isCv = !isRun && (Directory.GetDirectories(folder, "fold-*").Any(RunFolder.IsRun)
                               || (File.Exists(Path.Combine(folder, Manifest.FileName)) && Manifest.Read(folder).Kind == CvRecord.Kind));
        if (!isRun && !isCv)
            throw new GrnException($"{folder}: holds no training run (no {RunFolder.ConfigFile}) and no cross-validation (no fold-i/ runs); " +
                                   "give a folder written by grn train or grn cv");
        string full = Path.GetFullPath(folder);
        using var writing = OutputLock.Acquire(full, "grn report");
        bool finished = File.Exists(Path.Combine(full, Manifest.FileName));
        if (finished) Manifest.Verify(full, isRun ? RunFolder.Kind : CvRecord.Kind, checkHashes: true);
        if (isRun)
        {
            var run = RunRecord.Read(full);
            Write(full, RecordCharts.Of(run), svgs => RunReportPage.Build(run, svgs), charts: false);
        }
        else
        {
            var cv = CvRecord.Read(full);
            Write(full, RecordCharts.Of(cv), svgs => CvReportPage.Build(cv, svgs), charts: false);
        }
        if (finished) Manifest.Relist(full, ReportFile);
        return Path.Combine(full, ReportFile);
    }

    private static void Write(string folder, IReadOnlyList<(string Name, ScottPlot.Plot Plot)> plots, Func<IReadOnlyDictionary<string, string>, string> page, bool charts)
    {
        var svgs = plots.ToDictionary(p => p.Name, p => ChartFiles.Svg(p.Plot));
        string html = page(svgs);
        var pngs = charts ? plots.ToDictionary(p => p.Name, p => ChartFiles.Png(p.Plot)) : [];
        foreach (var (name, png) in pngs) ChartFiles.Write(svgs[name], png, Path.Combine(folder, name));
        AtomicFile.WriteAllText(Path.Combine(folder, ReportFile), html);
    }
}

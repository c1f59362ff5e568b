using System.Diagnostics;
using System.Text.RegularExpressions;
using GrnGpu.Models.Training;
using GrnGpu.Models.Training.Report;
using SkiaSharp;
using Xunit;

namespace GrnGpu.Tests.Report;

/// <summary>
/// report.html in a real browser: Debian's chromium, headless, loads the page from disk (no network), its DOM shows
/// metrics.json's AUROC to the digits printed, and its screenshot shows the charts drawn. Skipped where chromium is
/// absent, a failure with GRN_REQUIRE_CHROMIUM=1 (CI installs it).
/// </summary>
[Collection(ReportRunsCollection.Name)]
public class BrowserTests(ReportRuns runs)
{
    private static string? Chromium() =>
        new[] { "chromium", "chromium-browser" }.SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)))
            .FirstOrDefault(File.Exists);

    private static (int ExitCode, string Stdout, string Stderr) Browse(string chromium, string profile, params string[] args)
    {
        // As root chromium needs --no-sandbox; its own profile folder keeps runs apart.
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium ran over 2 minutes");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Lines of chromium's log about the page itself (a resource that failed, a console error), not its own dbus noise.</summary>
    private static IEnumerable<string> PageErrors(string log) =>
        log.Split('\n').Where(l => l.Contains("net::ERR", StringComparison.Ordinal) || l.Contains("Failed to load", StringComparison.Ordinal)
                                   || l.Contains("CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal));

    [Fact]
    public void ChromiumLoadsTheReportShowingMetricsJsonsAurocAndDrawsTheCharts()
    {
        string? chromium = Chromium();
        Requirements.Need(chromium != null, "GRN_REQUIRE_CHROMIUM", "chromium is not installed (apt-get install chromium)");
        string page = new Uri(Path.Combine(runs.Run, ReportFiles.ReportFile)).AbsoluteUri;
        string profile = runs.Scratch("chromium-profile");

        var dom = Browse(chromium!, profile, "--dump-dom", page);
        Assert.True(dom.ExitCode == 0, dom.Stderr);
        Assert.Empty(PageErrors(dom.Stderr));
        var metrics = RunReport.Read(Path.Combine(runs.Run, "metrics.json"));
        Assert.Equal(metrics.Test.Auroc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
            ReportTests.Cell(dom.Stdout, "data-method=\"rna\" data-metric=\"auroc\""));
        Assert.Equal(3, Regex.Matches(dom.Stdout, "<img [^>]*src=\"data:image/svg\\+xml;base64,").Count);

        string shot = Path.Combine(runs.Scratch("shot"), "report.png");
        var screenshot = Browse(chromium!, profile, "--window-size=1200,1800", $"--screenshot={shot}", page);
        Assert.True(screenshot.ExitCode == 0, screenshot.Stderr);
        Assert.Empty(PageErrors(screenshot.Stderr));
        // The ROC chart sits in the first 1800 pixels: its model curve is ScottPlot's orange; a page whose images
        // failed to decode shows their alt text instead and none of it.
        using var bitmap = SKBitmap.Decode(shot);
        Assert.Equal(1200, bitmap.Width);
        int orange = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - 0xff) < 40 && Math.Abs(c.Green - 0x7f) < 40 && Math.Abs(c.Blue - 0x0e) < 40) orange++;
            }
        Assert.True(orange > 500, $"{orange} orange pixels in the screenshot: the charts were not drawn");
    }
}

using System.Text;
using System.Text.RegularExpressions;
using GrnGpu.Models.Data;
using ScottPlot;

namespace GrnGpu.Models.Training.Charts;

/// <summary>A chart as SVG text (for files and for report.html, inline) and as PNG, both from the same ScottPlot plot.</summary>
public static class ChartFiles
{
    /// <summary>
    /// The chart as SVG. Skia numbers its clip paths (cl_N, N in hex) with a counter over the whole process, so the same chart
    /// drawn after others would differ; they are renumbered from 1 in order of appearance, so the same run always gives
    /// the same bytes (train's report and grn report's are identical).
    /// </summary>
    public static string Svg(Plot plot)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        return ClipId.Replace(plot.GetSvgXml(ChartLook.Width, ChartLook.Height),
            m => "cl_" + (numbers.TryGetValue(m.Groups[1].Value, out int n) ? n : numbers[m.Groups[1].Value] = numbers.Count + 1));
    }

    private static readonly Regex ClipId = new(@"\bcl_([0-9a-f]+)\b", RegexOptions.Compiled);

    public static byte[] Png(Plot plot) => plot.GetImageBytes(ChartLook.Width, ChartLook.Height, ImageFormat.Png);

    /// <summary>Writes <c>PATH.svg</c> and <c>PATH.png</c> (rendered beforehand by <see cref="Svg"/> and <see cref="Png"/>), each to a temporary name renamed into place.</summary>
    public static void Write(string svg, byte[] png, string pathWithoutExtension)
    {
        AtomicFile.Write(pathWithoutExtension + ".svg", s => s.Write(Encoding.UTF8.GetBytes(svg)));
        AtomicFile.Write(pathWithoutExtension + ".png", s => s.Write(png));
    }
}

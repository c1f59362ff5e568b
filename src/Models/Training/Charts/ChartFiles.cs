using System.Text;
using GrnGpu.Models.Data;
using ScottPlot;

namespace GrnGpu.Models.Training.Charts;

/// <summary>A chart as SVG text (for files and for report.html, inline) and as PNG, both from the same ScottPlot plot.</summary>
public static class ChartFiles
{
    public static string Svg(Plot plot) => plot.GetSvgXml(ChartLook.Width, ChartLook.Height);

    public static byte[] Png(Plot plot) => plot.GetImageBytes(ChartLook.Width, ChartLook.Height, ImageFormat.Png);

    /// <summary>Writes <c>PATH.svg</c> and <c>PATH.png</c> (rendered beforehand by <see cref="Svg"/> and <see cref="Png"/>), each to a temporary name renamed into place.</summary>
    public static void Write(string svg, byte[] png, string pathWithoutExtension)
    {
        AtomicFile.Write(pathWithoutExtension + ".svg", s => s.Write(Encoding.UTF8.GetBytes(svg)));
        AtomicFile.Write(pathWithoutExtension + ".png", s => s.Write(png));
    }
}

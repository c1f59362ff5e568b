using GrnGpu.Models.Data;

namespace GrnGpu.Models.Training.Plots;

/// <summary>Writes a chart as <c>&lt;path&gt;.svg</c> and <c>&lt;path&gt;.png</c>, each to a temporary name renamed into place.</summary>
public static class ChartFiles
{
    /// <summary>
    /// Renders both files before writing either, so a chart that cannot be drawn leaves nothing behind; returns
    /// the two paths written.
    /// </summary>
    public static (string Svg, string Png) Write(LineChart chart, string pathWithoutExtension,
        int width = ChartStyle.DefaultWidth, int height = ChartStyle.DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrEmpty(pathWithoutExtension);
        byte[] svg = SvgChartWriter.Encode(chart, width, height);
        byte[] png = PngEncoder.Encode(ChartRasterizer.Render(chart, width, height).ToImage());
        string svgPath = pathWithoutExtension + ".svg", pngPath = pathWithoutExtension + ".png";
        AtomicFile.Write(svgPath, s => s.Write(svg));
        AtomicFile.Write(pngPath, s => s.Write(png));
        return (svgPath, pngPath);
    }
}

using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// Renders a <see cref="LineChart"/> as a standalone SVG document: grid, frame, ticks with labels, title, axis
/// labels, one &lt;polyline&gt; per series (a &lt;circle&gt; too for a single-point series), clipped to the plot
/// area and thinned as <see cref="ChartLayout.PixelPoints"/> says, and a legend (its samples are &lt;line&gt;s,
/// so polylines stay one per series). Numbers are written in the invariant culture; text is escaped by the XML
/// writer.
/// </summary>
public static class SvgChartWriter
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";
    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    private const int FontSize = 17, TitleFontSize = 25;

    public static string Render(LineChart chart, int width = ChartStyle.DefaultWidth, int height = ChartStyle.DefaultHeight)
    {
        var layout = ChartLayout.For(chart, width, height);
        int l = layout.PlotLeft, t = layout.PlotTop, r = layout.PlotRight, b = layout.PlotBottom;
        int s = ChartLayout.TextScale;
        int cap = BitmapFont.CapHeight(s);
        const string clipId = "plot-area";

        var svg = new XElement(Ns + "svg",
            new XAttribute("width", width), new XAttribute("height", height),
            new XAttribute("viewBox", $"0 0 {width} {height}"),
            new XAttribute("font-family", FontFamily), new XAttribute("font-size", FontSize),
            new XElement(Ns + "title", chart.Title),
            new XElement(Ns + "defs",
                new XElement(Ns + "clipPath", new XAttribute("id", clipId),
                    Rect(l - ChartLayout.DataBleed, t - ChartLayout.DataBleed, r - l + 1 + 2 * ChartLayout.DataBleed, b - t + 1 + 2 * ChartLayout.DataBleed))),
            Rect(0, 0, width, height, fill: ChartStyle.Background));

        var grid = new XElement(Ns + "g", new XAttribute("class", "grid"), Stroke(ChartStyle.Grid, 1));
        foreach (double x in layout.XScale.Ticks)
            grid.Add(Line(Column(layout.MapX(x)), t, Column(layout.MapX(x)), b + 1));
        foreach (double y in layout.YScale.Ticks)
            grid.Add(Line(l, Column(layout.MapY(y)), r + 1, Column(layout.MapY(y))));
        svg.Add(grid);

        var data = new XElement(Ns + "g", new XAttribute("class", "data"), new XAttribute("clip-path", $"url(#{clipId})"));
        if (chart.DiagonalReference && layout.Diagonal() is { } d)
            data.Add(With(Line(layout.MapX(d.From.X), layout.MapY(d.From.Y), layout.MapX(d.To.X), layout.MapY(d.To.Y)),
                new XAttribute("class", "reference"), Stroke(ChartStyle.Reference, ChartStyle.ReferenceWidth),
                new XAttribute("stroke-dasharray", Num(ChartStyle.Dash) + " " + Num(ChartStyle.DashGap))));
        for (int i = 0; i < chart.Series.Count; i++)
        {
            var series = chart.Series[i];
            var color = chart.ColorOf(i);
            var points = new StringBuilder();
            foreach (var (x, y) in layout.PixelPoints(i))
            {
                if (points.Length > 0) points.Append(' ');
                points.Append(Num(x)).Append(',').Append(Num(y));
            }
            data.Add(new XElement(Ns + "polyline",
                new XAttribute("class", "series"), new XAttribute("points", points.ToString()), new XAttribute("fill", "none"),
                Stroke(color, ChartStyle.SeriesWidth), new XAttribute("stroke-linejoin", "round"), new XAttribute("stroke-linecap", "round"),
                new XElement(Ns + "title", series.Name)));
            if (series.Points.Count == 1)
                data.Add(new XElement(Ns + "circle",
                    new XAttribute("cx", Num(layout.MapX(series.Points[0].X))), new XAttribute("cy", Num(layout.MapY(series.Points[0].Y))),
                    new XAttribute("r", Num(ChartStyle.DotRadius)), new XAttribute("fill", color.Hex)));
        }
        svg.Add(data);

        var axes = new XElement(Ns + "g", new XAttribute("class", "axes"),
            With(Rect(l + 0.5, t + 0.5, r - l, b - t), new XAttribute("fill", "none"), Stroke(ChartStyle.Frame, 1)));
        var ticks = new XElement(Ns + "g", Stroke(ChartStyle.Frame, 1));
        foreach (double x in layout.XScale.Ticks)
            ticks.Add(Line(Column(layout.MapX(x)), b + 1, Column(layout.MapX(x)), b + 1 + ChartLayout.TickLength));
        foreach (double y in layout.YScale.Ticks)
            ticks.Add(Line(l - ChartLayout.TickLength, Column(layout.MapY(y)), l, Column(layout.MapY(y))));
        axes.Add(ticks);
        var labels = new XElement(Ns + "g", new XAttribute("fill", ChartStyle.Text.Hex));
        for (int i = 0; i < layout.XScale.Ticks.Count; i++)
            labels.Add(Text(layout.XTickLabels[i], layout.MapX(layout.XScale.Ticks[i]), layout.XTickLabelTop + cap, "middle"));
        for (int i = 0; i < layout.YScale.Ticks.Count; i++)
            labels.Add(Text(layout.YTickLabels[i], layout.YTickLabelRight, layout.MapY(layout.YScale.Ticks[i]) + cap / 2.0, "end"));
        axes.Add(labels);
        svg.Add(axes);

        double centreX = (l + r + 1) / 2.0, centreY = (t + b + 1) / 2.0;
        var texts = new XElement(Ns + "g", new XAttribute("fill", ChartStyle.Text.Hex));
        if (chart.Title.Length > 0)
            texts.Add(With(Text(chart.Title, centreX, layout.TitleTop + BitmapFont.CapHeight(ChartLayout.TitleScale), "middle"),
                new XAttribute("class", "title"), new XAttribute("font-size", TitleFontSize)));
        if (chart.X.Label.Length > 0)
            texts.Add(With(Text(chart.X.Label, centreX, layout.XLabelTop + cap, "middle"), new XAttribute("class", "x-label")));
        if (chart.Y.Label.Length > 0)
        {
            double x = layout.YLabelLeft + cap;
            texts.Add(With(Text(chart.Y.Label, x, centreY, "middle"), new XAttribute("class", "y-label"),
                new XAttribute("transform", $"rotate(-90 {Num(x)} {Num(centreY)})")));
        }
        svg.Add(texts);

        if (layout.LegendEntries.Count > 0)
        {
            var legend = new XElement(Ns + "g", new XAttribute("class", "legend"),
                With(Rect(layout.LegendLeft + 0.5, layout.LegendTop + 0.5, layout.LegendWidth - 1, layout.LegendHeight - 1),
                    new XAttribute("fill", ChartStyle.Background.Hex), Stroke(ChartStyle.LegendBorder, 1)));
            for (int i = 0; i < layout.LegendEntries.Count; i++)
            {
                int top = layout.LegendRowTop(i);
                double y = top + cap / 2 + 0.5;
                int x0 = layout.LegendLeft + ChartLayout.LegendPadding;
                legend.Add(With(Line(x0, y, x0 + ChartLayout.LegendSample, y), Stroke(chart.ColorOf(i), ChartStyle.SeriesWidth),
                    new XAttribute("stroke-linecap", "round")));
                legend.Add(With(Text(layout.LegendEntries[i], x0 + ChartLayout.LegendSample + ChartLayout.LegendPadding, top + cap, "start"),
                    new XAttribute("fill", ChartStyle.Text.Hex)));
            }
            svg.Add(legend);
        }

        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using var text = new Utf8StringWriter();
        using (var writer = XmlWriter.Create(text, settings))
            new XDocument(svg).Save(writer);
        return text.ToString();
    }

    /// <summary>The SVG as UTF-8 bytes (no byte-order mark).</summary>
    public static byte[] Encode(LineChart chart, int width = ChartStyle.DefaultWidth, int height = ChartStyle.DefaultHeight) =>
        new UTF8Encoding(false).GetBytes(Render(chart, width, height));

    private static XElement With(XElement element, params object[] content)
    {
        element.Add(content);
        return element;
    }

    private static double Column(double pixel) => Math.Floor(pixel) + 0.5;

    private static string Num(double v) => (Math.Round(v, 2) + 0.0).ToString("0.##", CultureInfo.InvariantCulture);

    private static XElement Rect(double x, double y, double w, double h, ChartColor? fill = null)
    {
        var e = new XElement(Ns + "rect", new XAttribute("x", Num(x)), new XAttribute("y", Num(y)),
            new XAttribute("width", Num(w)), new XAttribute("height", Num(h)));
        if (fill is { } f) e.Add(new XAttribute("fill", f.Hex));
        return e;
    }

    private static XElement Line(double x1, double y1, double x2, double y2) =>
        new(Ns + "line", new XAttribute("x1", Num(x1)), new XAttribute("y1", Num(y1)), new XAttribute("x2", Num(x2)), new XAttribute("y2", Num(y2)));

    private static object[] Stroke(ChartColor color, double width) =>
        [new XAttribute("stroke", color.Hex), new XAttribute("stroke-width", Num(width))];

    private static XElement Text(string text, double x, double baseline, string anchor) =>
        new(Ns + "text", new XAttribute("x", Num(x)), new XAttribute("y", Num(baseline)), new XAttribute("text-anchor", anchor), text);

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(CultureInfo.InvariantCulture) { }
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}

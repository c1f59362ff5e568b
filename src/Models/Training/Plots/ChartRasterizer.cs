namespace GrnGpu.Models.Training.Plots;

/// <summary>Draws a <see cref="LineChart"/> on a <see cref="Canvas"/>: grid, reference line, series, frame, ticks, text, legend.</summary>
public static class ChartRasterizer
{
    public static Canvas Render(LineChart chart, int width = ChartStyle.DefaultWidth, int height = ChartStyle.DefaultHeight, bool antiAlias = true)
    {
        var layout = ChartLayout.For(chart, width, height);
        var canvas = new Canvas(width, height, ChartStyle.Background) { AntiAlias = antiAlias };
        int l = layout.PlotLeft, t = layout.PlotTop, r = layout.PlotRight, b = layout.PlotBottom;

        foreach (double x in layout.XScale.Ticks)
            canvas.FillRect((int)Math.Floor(layout.MapX(x)), t, 1, b - t + 1, ChartStyle.Grid);
        foreach (double y in layout.YScale.Ticks)
            canvas.FillRect(l, (int)Math.Floor(layout.MapY(y)), r - l + 1, 1, ChartStyle.Grid);

        canvas.SetClip(l - ChartLayout.DataBleed, t - ChartLayout.DataBleed, r + 1 + ChartLayout.DataBleed, b + 1 + ChartLayout.DataBleed);
        if (chart.DiagonalReference && layout.Diagonal() is { } d)
            canvas.DrawDashedLine(layout.MapX(d.From.X), layout.MapY(d.From.Y), layout.MapX(d.To.X), layout.MapY(d.To.Y),
                ChartStyle.Reference, ChartStyle.ReferenceWidth, ChartStyle.Dash, ChartStyle.DashGap);
        for (int i = 0; i < chart.Series.Count; i++)
        {
            var points = layout.PixelPoints(i);
            var color = chart.ColorOf(i);
            if (points.Length == 1)
                canvas.FillCircle(points[0].X, points[0].Y, ChartStyle.DotRadius, color);
            else
                canvas.DrawPolyline(points, color, ChartStyle.SeriesWidth);
        }
        canvas.ResetClip();

        canvas.DrawRect(l, t, r - l + 1, b - t + 1, ChartStyle.Frame);
        int s = ChartLayout.TextScale;
        int capHalf = BitmapFont.CapHeight(s) / 2;
        for (int i = 0; i < layout.XScale.Ticks.Count; i++)
        {
            int x = (int)Math.Floor(layout.MapX(layout.XScale.Ticks[i]));
            canvas.FillRect(x, b + 1, 1, ChartLayout.TickLength, ChartStyle.Frame);
            string label = layout.XTickLabels[i];
            BitmapFont.Draw(canvas, label, x - BitmapFont.Measure(label, s) / 2, layout.XTickLabelTop, s, ChartStyle.Text);
        }
        for (int i = 0; i < layout.YScale.Ticks.Count; i++)
        {
            int y = (int)Math.Floor(layout.MapY(layout.YScale.Ticks[i]));
            canvas.FillRect(l - ChartLayout.TickLength, y, ChartLayout.TickLength, 1, ChartStyle.Frame);
            string label = layout.YTickLabels[i];
            BitmapFont.Draw(canvas, label, layout.YTickLabelRight - BitmapFont.Measure(label, s), y - capHalf, s, ChartStyle.Text);
        }

        int centreX = (l + r) / 2, centreY = (t + b) / 2;
        BitmapFont.Draw(canvas, chart.Title, centreX - BitmapFont.Measure(chart.Title, ChartLayout.TitleScale) / 2, layout.TitleTop,
            ChartLayout.TitleScale, ChartStyle.Text);
        BitmapFont.Draw(canvas, chart.X.Label, centreX - BitmapFont.Measure(chart.X.Label, s) / 2, layout.XLabelTop, s, ChartStyle.Text);
        BitmapFont.Draw(canvas, chart.Y.Label, layout.YLabelLeft, centreY - BitmapFont.Measure(chart.Y.Label, s) / 2, s, ChartStyle.Text, vertical: true);

        if (layout.LegendEntries.Count > 0)
        {
            canvas.FillRect(layout.LegendLeft, layout.LegendTop, layout.LegendWidth, layout.LegendHeight, ChartStyle.Background);
            canvas.DrawRect(layout.LegendLeft, layout.LegendTop, layout.LegendWidth, layout.LegendHeight, ChartStyle.LegendBorder);
            canvas.SetClip(layout.LegendLeft, layout.LegendTop, layout.LegendLeft + layout.LegendWidth - 1, layout.LegendTop + layout.LegendHeight - 1);
            for (int i = 0; i < layout.LegendEntries.Count; i++)
            {
                int top = layout.LegendRowTop(i);
                double y = top + capHalf + 0.5;
                int x0 = layout.LegendLeft + ChartLayout.LegendPadding;
                canvas.DrawLine(x0, y, x0 + ChartLayout.LegendSample, y, chart.ColorOf(i), ChartStyle.SeriesWidth);
                BitmapFont.Draw(canvas, layout.LegendEntries[i], x0 + ChartLayout.LegendSample + ChartLayout.LegendPadding, top, s, ChartStyle.Text);
            }
            canvas.ResetClip();
        }
        return canvas;
    }
}

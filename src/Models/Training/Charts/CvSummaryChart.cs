using GrnGpu.Models.Metrics;
using ScottPlot;

namespace GrnGpu.Models.Training.Charts;

/// <summary>A cross-validation at a glance: mean AUROC and AUPR over folds per method (model and baselines), ± sd as error bars.</summary>
public static class CvSummaryChart
{
    public static Plot Build(string title, IReadOnlyList<(string Method, MetricSummary Auroc, MetricSummary Aupr)> methods)
    {
        var plot = ChartLook.New(title, "Method", "Mean over folds (± sd)");
        var palette = new ScottPlot.Palettes.Category10();
        var metrics = new[] { "AUROC", "AUPR" };
        var bars = new List<Bar>();
        for (int m = 0; m < methods.Count; m++)
            for (int k = 0; k < metrics.Length; k++)
            {
                var s = k == 0 ? methods[m].Auroc : methods[m].Aupr;
                if (!double.IsFinite(s.Mean)) continue;   // undefined in every fold: no bar rather than a zero one
                bars.Add(new Bar { Position = m * 3 + k, Value = s.Mean, Error = s.Sd, FillColor = palette.GetColor(k), Size = 0.9 });
            }
        plot.Add.Bars(bars);
        for (int k = 0; k < metrics.Length; k++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = metrics[k], FillColor = palette.GetColor(k) });
        plot.Axes.Bottom.SetTicks(methods.Select((_, m) => m * 3 + 0.5).ToArray(), methods.Select(m => m.Method).ToArray());
        plot.Axes.SetLimits(-1, methods.Count * 3 - 1, 0, 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}

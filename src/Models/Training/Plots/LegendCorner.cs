namespace GrnGpu.Models.Training.Plots;

/// <summary>The corner of the plot area the legend box sits in.</summary>
public enum LegendCorner
{
    /// <summary>The corner whose box would hide the least of the lines (top right when none hides any).</summary>
    Auto,
    TopRight,
    TopLeft,
    BottomRight,
    BottomLeft,
}

namespace GrnGpu.Models.Training.Plots;

/// <summary>The colours and stroke widths both chart writers use, so the SVG and the PNG look alike.</summary>
internal static class ChartStyle
{
    public static readonly ChartColor Background = ChartColor.White;
    public static readonly ChartColor Grid = new(0xE3, 0xE3, 0xE3);
    public static readonly ChartColor Frame = new(0x33, 0x33, 0x33);
    public static readonly ChartColor Text = new(0x22, 0x22, 0x22);
    public static readonly ChartColor Reference = new(0x88, 0x88, 0x88);
    public static readonly ChartColor LegendBorder = new(0xBB, 0xBB, 0xBB);
    public const double SeriesWidth = 3;
    public const double ReferenceWidth = 1.5;
    public const double Dash = 8, DashGap = 6;
    public const double DotRadius = 4;
    public const int DefaultWidth = 800, DefaultHeight = 600;
}

namespace GrnGpu.Models.Data;

/// <summary>
/// Sizes past which a table file is rejected as absurd rather than read: expression matrices of a whole genome
/// (~20k genes x a few thousand samples) stay well inside these, a corrupt or hostile file does not.
/// </summary>
public static class TableLimits
{
    public const long MaxFileBytes = 2L << 30;
    public const int MaxColumns = 100_000;
    public const long MaxCells = 400_000_000;
}

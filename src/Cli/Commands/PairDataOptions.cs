using System.CommandLine;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Output;

namespace GrnGpu.Cli.Commands;

/// <summary>The options that name the RNA-seq inputs, shared by `dataset build` and `baseline`.</summary>
public static class PairDataOptions
{
    public static Option<string[]> Expression() => new("--expression")
    {
        Description = "Expression table (xlsx, csv or tsv): symbol, optional id, sample values. Repeat for several tables.",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string> Pairs() => new("--pairs")
    {
        Description = "Pair list (xlsx, csv or tsv): TF, target, optional 0/1 label.",
        Required = true,
    };

    public static Option<string?> Aliases() => new("--aliases")
    {
        Description = "Two-column file mapping pair-file symbols to table symbols (added to the default Dp -> Dp2).",
    };

    public static Option<bool> SkipMissing() => new("--skip-missing")
    {
        Description = "Drop pairs whose genes are in no table (with a warning) instead of failing.",
    };

    public static Option<int> Bins() => new("--bins")
    {
        Description = "Histogram bins per axis.",
        DefaultValueFactory = _ => HistogramBuilder.DefaultBins,
    };

    /// <summary>Checks every input names a file (not a folder, not missing) before anything is computed.</summary>
    public static void RequireInputs(PairDataSource source)
    {
        foreach (string e in source.ExpressionFiles) OutputChecks.RequireInputFile(e, "--expression", "an expression table (xlsx, csv or tsv)");
        OutputChecks.RequireInputFile(source.PairsFile, "--pairs", "a pair list (xlsx, csv or tsv)");
        if (source.AliasFile != null) OutputChecks.RequireInputFile(source.AliasFile, "--aliases", "an alias table (two columns)");
    }

    public static PairDataSource Source(ParseResult parse, Option<string[]> expression, Option<string> pairs,
        Option<string?> aliases, Option<bool> skipMissing) =>
        new(parse.GetValue(expression) ?? [], parse.GetValue(pairs)!, parse.GetValue(aliases), parse.GetValue(skipMissing));
}

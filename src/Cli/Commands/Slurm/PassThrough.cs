using System.CommandLine;
using System.CommandLine.Parsing;

namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>
/// The options a user gave `grn slurm cv|predict`, written back as arguments for the grn command each array task
/// runs, so that a task runs exactly what one machine would: only options typed (defaults stay defaults), in the
/// order typed, the Slurm ones and those the task sets itself (<c>--fold</c>, <c>--shard</c>, <c>--out</c>) left out.
/// </summary>
public static class PassThrough
{
    public static List<string> Arguments(ParseResult parse, IEnumerable<Option> leaveOut)
    {
        var skip = leaveOut.ToHashSet();
        var levels = new List<IEnumerable<OptionResult>>();
        // Options such as --threads and --precision belong to the root command and may be typed before "slurm":
        // outer commands' options first, each command's in the order typed.
        for (SymbolResult? result = parse.CommandResult; result != null; result = result.Parent)
            if (result is CommandResult command)
                levels.Insert(0, command.Children.OfType<OptionResult>().Where(o => !o.Implicit && !skip.Contains(o.Option)));
        var args = new List<string>();
        foreach (var option in levels.SelectMany(l => l))
        {
            if (option.Tokens.Count == 0) args.Add(option.Option.Name);
            // One name per value: right for single options and for repeated ones (--expression a --expression b).
            foreach (var token in option.Tokens) args.AddRange([option.Option.Name, token.Value]);
        }
        return args;
    }
}

using System.CommandLine;
using GrnGpu.Cli.Common;

namespace GrnGpu.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // Spectre sizes tables to 80 columns when output is redirected (CI logs); give it room.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 160;
        var root = new RootCommand("GrnGpu: gene regulatory network inference from ISH images and RNA-seq, on our own GPU kernels.");
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(CommonOptions.Sync);
        root.Options.Add(CommonOptions.Precision);
        root.Options.Add(CommonOptions.Threads);
        foreach (var command in CommandCatalog.All())
            root.Subcommands.Add(command);
        // Bare `grn` shows the commands; a mistyped command line is one line per mistake, not the help text.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        return ParseErrors.Report(parse) ?? parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}

using System.CommandLine;
using GrnGpu.Engine;

namespace GrnGpu.Cli;

/// <summary>Options shared by several commands, and the one place that turns exceptions into exit codes.</summary>
public static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print stack traces and extra diagnostics.",
        Recursive = true,
    };

    public static Option<string> Device() => new("--device")
    {
        Description = "Device: auto, cuda, cuda:N, opencl, opencl:N, cpu-ref.",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>
    /// Runs a command body. A <see cref="GrnException"/> (user error) or any other failure prints one line
    /// on stderr and returns 2; --verbose adds the stack trace.
    /// </summary>
    public static int Run(ParseResult parse, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (IOException e) when (e.HResult == 28 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase))
        {
            // ENOSPC: output sets are staged, so the previous set is still in place; say so in one line.
            Console.Error.WriteLine($"grn: error: the disk is full ({e.Message.Trim()}); nothing was replaced: free some space or choose another output folder");
            if (parse.GetValue(Verbose)) Console.Error.WriteLine(e);
            return 2;
        }
        catch (Exception e)
        {
            bool verbose = parse.GetValue(Verbose);
            string kind = e is GrnException ? "error" : $"error ({e.GetType().Name})";
            Console.Error.WriteLine($"grn: {kind}: {e.Message}");
            if (verbose) Console.Error.WriteLine(e);
            else if (e is not GrnException) Console.Error.WriteLine("grn: run with --verbose for the stack trace.");
            return 2;
        }
    }
}

using System.CommandLine;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;

namespace GrnGpu.Cli.Common;

/// <summary>Options shared by several commands, and the one place that turns exceptions into exit codes.</summary>
public static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print stack traces and extra diagnostics.",
        Recursive = true,
    };

    public static readonly Option<bool> Sync = new("--sync")
    {
        Description = "GPUs: wait for every kernel launch and name the kernel that fails; for bring-up, slow.",
        Recursive = true,
    };

    public static readonly Option<string?> Precision = new("--precision")
    {
        Description = "GPU matrix products: tf32 (tensor cores; the default on CUDA sm_80+, as PyTorch does for convolutions; " +
                      "on ilgpu-cpu, emulated) or fp32 (the default elsewhere).",
        Recursive = true,
    };

    public static Option<string> Device() => new("--device")
    {
        Description = "Device: auto (a GPU if one works, else cpu), cpu, cuda, cuda:N, opencl, opencl:N (OpenCL 2.0+ GPUs), ilgpu-cpu, cpu-ref.",
        DefaultValueFactory = _ => "auto",
    };

    public static readonly Option<int?> Threads = new("--threads")
    {
        Description = "Threads of the cpu device (default: every core).",
        Recursive = true,
    };

    /// <summary>`--precision` as given: tf32 or fp32; null when not given (the device's default: TF32 on GPUs with tensor cores).</summary>
    public static GemmPrecision? PrecisionOf(ParseResult parse) => parse.GetValue(Precision)?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "tf32" => GemmPrecision.Tf32,
        "fp32" => GemmPrecision.Fp32,
        var other => throw new GrnException($"unknown --precision '{other}': expected tf32 or fp32"),
    };

    /// <summary>
    /// Opens the device a `--device` value names with the options given on the command line (`--threads` for the cpu
    /// device, `--precision` and `--sync` for GPUs): options reach a device when it is opened. More threads than cores is
    /// allowed and said once.
    /// </summary>
    public static ComputeDevice OpenDevice(ParseResult parse, string spec)
    {
        int? threads = parse.GetValue(Threads);
        if (threads is < 1) throw new GrnException($"--threads must be at least 1, got {threads}");
        var device = DeviceRegistry.Open(spec, new DeviceOptions(threads, PrecisionOf(parse), parse.GetValue(Sync)));
        if (threads > Environment.ProcessorCount && device.Kernels != null && device.Info.Backend == Backend.Cpu && !_saidOversubscribed)
        {
            _saidOversubscribed = true;
            Console.Error.WriteLine($"grn: note: --threads {threads} is more than the {Environment.ProcessorCount} cores this process may use; threads will share cores");
        }
        return device;
    }

    private static bool _saidOversubscribed;

    /// <summary>AtomicFile's temporary names (.NAME.GUID.tmp), shown as the file they become.</summary>
    private static readonly System.Text.RegularExpressions.Regex TempName = new(@"/\.([^/]+)\.[0-9a-f]{32}\.tmp");

    /// <summary>
    /// Runs a command body. A <see cref="GrnException"/> (user error) or any other failure prints one line
    /// on stderr and returns 2; --verbose adds the stack trace.
    /// </summary>
    public static int Run(ParseResult parse, Func<int> body)
    {
        try
        {
            PrecisionOf(parse);   // a bad --precision is refused before anything runs
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
            // Never a .NET type name or one of our temporary file names: the message, naming the user's paths.
            string message = TempName.Replace(e switch
            {
                UnauthorizedAccessException => $"permission denied ({e.Message.TrimEnd('.')})",
                _ => e.Message,
            }, "/$1");
            Console.Error.WriteLine($"grn: error: {message}");
            if (verbose) Console.Error.WriteLine(e);
            else if (e is not GrnException) Console.Error.WriteLine("grn: run with --verbose for the stack trace.");
            return 2;
        }
    }
}

namespace GrnGpu.Engine.Devices;

/// <summary>
/// A kernel that did not compile. The message is one line (kernel file, device, first error);
/// <see cref="Log"/> holds the compiler's full output.
/// </summary>
public sealed class KernelCompileException : GrnException
{
    public string KernelFile { get; }
    public string Log { get; }

    public KernelCompileException(string kernelFile, string target, string log)
        : base($"kernel {kernelFile} does not compile for {target}: {FirstError(log)}")
    {
        KernelFile = kernelFile;
        Log = log;
    }

    public override string ToString() => $"{Message}\n--- compiler log ---\n{Log}\n--- end of log ---\n{StackTrace}";

    private static string FirstError(string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
            ?? lines.FirstOrDefault() ?? "no compiler output";
    }
}

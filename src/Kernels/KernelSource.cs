using System.Reflection;

namespace GrnGpu.Kernels;

/// <summary>
/// The kernel sources embedded in this assembly (Sources/*.c, written in the dialect of Sources/prelude.h).
/// A backend compiles <see cref="Compose"/>'s text; the prelude's macros make it CUDA C++ or OpenCL C.
/// </summary>
public static class KernelSource
{
    public const string PreludeName = "prelude.h";
    private static readonly Assembly Self = typeof(KernelSource).Assembly;

    /// <summary>The names of every kernel file (not the prelude), e.g. "selftest.c".</summary>
    public static IReadOnlyList<string> Files { get; } =
        Self.GetManifestResourceNames().Where(n => n.EndsWith(".c", StringComparison.Ordinal)).Order().ToArray();

    /// <summary>The text of one embedded file.</summary>
    public static string Read(string name)
    {
        using var stream = Self.GetManifestResourceStream(name)
            ?? throw new ArgumentException($"no kernel source named '{name}'; known: {string.Join(", ", Files)}", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The full compilation unit for a kernel file: the prelude, then the file, with a #line directive so
    /// that compiler messages name the kernel file and its own line numbers.
    /// </summary>
    public static string Compose(string file, KernelTarget target) => ComposeText(file, Read(file), target);

    /// <summary>
    /// As <see cref="Compose"/>, for kernel text that is not embedded (tests, user kernels). The text is the same for
    /// both targets: the prelude tells CUDA from OpenCL by the compiler's own macros (__CUDACC_RTC__ / __CUDACC__).
    /// </summary>
    public static string ComposeText(string fileName, string text, KernelTarget target) =>
        $"{Read(PreludeName)}\n#line 1 \"{fileName}\"\n{text}";
}

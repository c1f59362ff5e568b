using System.Runtime.InteropServices;

namespace GrnGpu.Engine.Native;

/// <summary>
/// A shared library opened from the first of several candidate names, with symbols looked up on demand.
/// Drivers are optional at run time: a missing library is a reason to report, not a crash.
/// </summary>
internal sealed class NativeApi
{
    public string LibraryName { get; }
    private readonly nint _handle;

    private NativeApi(string name, nint handle)
    {
        LibraryName = name;
        _handle = handle;
    }

    /// <summary>Opens the first candidate that loads, or returns null with the names tried.</summary>
    public static NativeApi? TryOpen(IEnumerable<string> candidates, out string tried)
    {
        var names = candidates.Where(n => !string.IsNullOrEmpty(n)).Distinct().ToList();
        tried = string.Join(", ", names);
        foreach (var name in names)
            if (NativeLibrary.TryLoad(name, out var handle))
                return new NativeApi(name, handle);
        return null;
    }

    /// <summary>The address of a required symbol.</summary>
    public nint Symbol(string name) =>
        NativeLibrary.TryGetExport(_handle, name, out var address)
            ? address
            : throw new GrnException($"{LibraryName} has no symbol {name}: the driver is too old or not the expected library");

    /// <summary>The address of an optional symbol, or 0.</summary>
    public nint OptionalSymbol(string name) =>
        NativeLibrary.TryGetExport(_handle, name, out var address) ? address : 0;

    /// <summary>Reads a NUL-terminated C string.</summary>
    public static string CString(nint p) => p == 0 ? "" : Marshal.PtrToStringUTF8(p) ?? "";

    /// <summary>Decodes a byte buffer holding a NUL-terminated string.</summary>
    public static string CString(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]).Trim();
    }
}

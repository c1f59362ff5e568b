using System.Security.Cryptography;
using System.Text;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// Compiled kernel binaries on disk, keyed by a hash of everything that affects them (backend, device,
/// driver, options, source), so a second run skips the compiler. GRN_CACHE_DIR overrides the folder
/// (default: $XDG_CACHE_HOME/grngpu or ~/.cache/grngpu); GRN_CACHE_DIR=off disables it. A cache that
/// cannot be read or written is ignored: it is only ever a shortcut.
/// </summary>
internal static class ProgramDiskCache
{
    public static string? Directory
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable("GRN_CACHE_DIR");
            if (configured == "off") return null;
            if (!string.IsNullOrEmpty(configured)) return configured;
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            string baseDir = !string.IsNullOrEmpty(xdg) ? xdg : string.IsNullOrEmpty(home) ? "" : Path.Combine(home, ".cache");
            return baseDir.Length == 0 ? null : Path.Combine(baseDir, "grngpu", "kernels");
        }
    }

    public static string Key(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0001", parts)));
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    public static byte[]? TryLoad(string key)
    {
        var dir = Directory;
        if (dir == null) return null;
        try
        {
            string path = Path.Combine(dir, key + ".bin");
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public static void TryStore(string key, byte[] binary)
    {
        var dir = Directory;
        if (dir == null || binary.Length == 0) return;
        try
        {
            System.IO.Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, key + ".bin");
            string temp = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, binary);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

using System.Diagnostics;

namespace GrnGpu.Models.Data.Output;

/// <summary>
/// Whether a folder accepts new files, asked before anything is computed: a probe file <c>.grn-write-probe-PID</c>
/// created and deleted on close. A process killed in that instant leaves its probe behind, so each probe first
/// removes the probes of processes that no longer run (a failed run leaves nothing behind for long).
/// </summary>
public static class WriteProbe
{
    private const string Prefix = ".grn-write-probe-";

    /// <summary>Creates and deletes this process's probe in <paramref name="folder"/>; IOException or UnauthorizedAccessException say it cannot.</summary>
    public static void Touch(string folder)
    {
        RemoveStale(folder);
        using (new FileStream(Path.Combine(folder, Prefix + Environment.ProcessId), FileMode.Create, FileAccess.Write,
                   FileShare.None, 1, FileOptions.DeleteOnClose)) { }
    }

    private static void RemoveStale(string folder)
    {
        List<string> probes;
        try { probes = Directory.EnumerateFiles(folder, Prefix + "*").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }   // the probe itself will say why
        foreach (var probe in probes)
        {
            if (!int.TryParse(Path.GetFileName(probe).AsSpan(Prefix.Length), out int pid) || pid == Environment.ProcessId || Running(pid)) continue;
            try { File.Delete(probe); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // another run removed it, or may not
        }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}

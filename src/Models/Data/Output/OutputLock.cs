using System.Globalization;
using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Output;

/// <summary>
/// An advisory exclusive lock on one output folder, held for the whole of a run that writes it. The lock is the
/// file <c>.NAME.lock</c> beside the folder NAME, opened with <see cref="FileShare.None"/> (on Linux an
/// <c>flock(LOCK_EX)</c>); the kernel drops it when the process ends for any reason, kill -9 included, so a dead
/// run never blocks the next one and "the lock is free" means "no live writer". A second writer is refused at once
/// with one line that names the holder (pid, start time, command line), read from <c>.NAME.lock.holder</c>.
/// The lock file itself stays (an empty hidden file); deleting it while no run is active is harmless.
/// </summary>
public sealed class OutputLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _holderPath;

    private OutputLock(FileStream stream, string lockPath, string holderPath)
    {
        _stream = stream;
        LockPath = lockPath;
        _holderPath = holderPath;
    }

    /// <summary>The lock file's path (<c>PARENT/.NAME.lock</c>).</summary>
    public string LockPath { get; }

    /// <summary>Lock file of a target folder: <c>.NAME.lock</c> in its parent.</summary>
    public static string LockPathFor(string target)
    {
        string full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.lock");
    }

    /// <summary>
    /// Takes the lock of <paramref name="target"/> (whose parent folder must exist) or throws a <see cref="GrnException"/>
    /// naming the process that holds it. Never waits.
    /// </summary>
    /// <param name="command">What this run is, recorded for a refused second writer to show.</param>
    public static OutputLock Acquire(string target, string command)
    {
        string lockPath = LockPathFor(target);
        string holderPath = lockPath + ".holder";
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            throw new GrnException($"{target}: another grn run is writing this output folder ({Holder(holderPath)}); " +
                                   "wait for it to finish, or choose another output folder");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnException($"{target}: cannot create the lock file {lockPath} ({e.Message}); is the folder above it writable?");
        }
        try
        {
            string started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            File.WriteAllText(holderPath, $"pid {Environment.ProcessId}, started {started}: {command}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The holder note only improves a second writer's message; the lock itself is held.
        }
        return new OutputLock(stream, lockPath, holderPath);
    }

    private static string Holder(string holderPath)
    {
        try
        {
            string text = File.ReadAllText(holderPath).Trim();
            return text.Length > 0 ? text : "holder unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "holder unknown";
        }
    }

    /// <summary>Releases the lock (and removes the holder note).</summary>
    public void Dispose()
    {
        try { File.Delete(_holderPath); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _stream.Dispose();
    }
}

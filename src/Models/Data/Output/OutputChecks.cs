using System.Globalization;
using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Output;

/// <summary>
/// Checks made before any computing starts, so that a run that cannot finish fails in its first second with one
/// line: the output location is given, is (or can become) a folder rather than a file, and can be written; the
/// inputs are files, not folders, and do not lie inside the folder that will be replaced; the set to be written
/// fits in the free space of its file system.
/// </summary>
public static class OutputChecks
{
    /// <summary>Room kept free beyond an estimate of <paramref name="bytes"/>: file system metadata, the manifest, small files (256 KB + 1%).</summary>
    public static long SpaceMargin(long bytes) => (256L << 10) + bytes / 100;

    /// <summary>
    /// Checks that <paramref name="target"/> (given with option <paramref name="option"/>) can be an output folder:
    /// non-empty, not an existing file, below a folder this process can write. Returns the full path.
    /// </summary>
    public static string RequireFolderLocation(string? target, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(target))
            throw new GrnException($"{option} is empty: give the path of an output folder");
        string full;
        try
        {
            full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new GrnException($"{option} {target}: not a usable path ({e.Message})");
        }
        if (full.Length == 0 || Path.GetDirectoryName(full) == null)
            throw new GrnException($"{option} {target}: the root folder cannot be an output folder; give a folder below it");
        if (File.Exists(full))
            throw new GrnException($"{target}: is a file, expected an output folder ({option})");
        string existing = ExistingAncestor(Path.GetDirectoryName(full)!, target, option);
        try
        {
            WriteProbe.Touch(existing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "the file system there does not accept new files",
                _ => e.Message.TrimEnd('.'),
            };
            throw new GrnException($"{target}: cannot write in {existing} ({why}); choose a writable output folder ({option})");
        }
        return full;
    }

    /// <summary>The nearest existing folder at or above <paramref name="folder"/>; a file on the way is an error.</summary>
    private static string ExistingAncestor(string folder, string target, string option)
    {
        for (string? dir = folder; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return dir;
            if (File.Exists(dir)) throw new GrnException($"{target}: {dir} is a file, so no output folder can be made below it ({option})");
        }
        throw new GrnException($"{target}: no existing folder above it ({option})");
    }

    /// <summary>
    /// Checks that <paramref name="bytes"/> (plus <see cref="SpaceMargin"/>) fit in the free space of the file system
    /// that will hold <paramref name="target"/>; <paramref name="what"/> names the data in the message.
    /// The environment variable GRN_TEST_FREE_BYTES, when set, replaces the free space measured (tests only).
    /// </summary>
    public static void RequireFreeSpace(string target, long bytes, string what)
    {
        long free = FreeBytes(target);
        if (bytes + SpaceMargin(bytes) > free)
            throw new GrnException($"{target}: {what} needs about {Size(bytes)}, but only {Size(free)} is free there; " +
                                   "free some space, choose another output folder, or make the output smaller");
    }

    /// <summary>Free bytes for an unprivileged writer on the file system of <paramref name="path"/> (or its nearest existing ancestor).</summary>
    public static long FreeBytes(string path)
    {
        if (Environment.GetEnvironmentVariable("GRN_TEST_FREE_BYTES") is { } fake && long.TryParse(fake, CultureInfo.InvariantCulture, out long forced))
            return forced;
        string? dir = Path.GetFullPath(path);
        while (dir != null && !Directory.Exists(dir)) dir = Path.GetDirectoryName(dir);
        if (dir == null) return long.MaxValue;
        try
        {
            return new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue; // unknown: the write itself will still fail cleanly
        }
    }

    /// <summary>Refuses an input file or folder that lies inside the output folder (which is replaced as a whole).</summary>
    public static void RequireOutside(string target, IEnumerable<string?> inputs, string option = "--out")
    {
        string root = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var input in inputs)
        {
            if (string.IsNullOrEmpty(input)) continue;
            string full = Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (full.StartsWith(root, StringComparison.Ordinal) || root.StartsWith(full, StringComparison.Ordinal))
                throw new GrnException($"{input}: an input lies inside (or holds) the output folder {target}, which is replaced as a whole; choose another {option}");
        }
    }

    /// <summary>
    /// Refuses an output (a folder, or a file with <paramref name="isFile"/>) that is, or lies inside, a folder another
    /// command owns: a training run (its config.json) or an output set (its manifest.json). Writing there would make
    /// that folder disagree with itself (and fail `grn verify`).
    /// </summary>
    /// <param name="isFile">The output is a file (or a run folder grn train continues itself): only the folders above it are checked.</param>
    public static void RequireNotInsideAnotherSet(string target, string option = "--out", bool isFile = false)
    {
        string full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        for (string? dir = Path.GetDirectoryName(full); dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (IsTrainingRun(dir))
                throw new GrnException($"{option} {target}: lies inside the training run {dir}, which only grn train writes; choose a folder outside it");
            if (File.Exists(Path.Combine(dir, Manifest.FileName)))
                throw new GrnException($"{option} {target}: lies inside {dir}, an output set another grn command wrote; choose a folder outside it");
        }
        if (!isFile && IsTrainingRun(full))
            throw new GrnException($"{option} {target}: is a training run folder, which only grn train writes; choose another folder");
    }

    /// <summary>Whether <paramref name="dir"/> holds a grn training run: a config.json naming the run's options and device.</summary>
    public static bool IsTrainingRun(string dir)
    {
        string config = Path.Combine(dir, "config.json");
        if (!File.Exists(config)) return false;
        try
        {
            string text = File.ReadAllText(config);
            return text.Contains("\"options\"", StringComparison.Ordinal) && text.Contains("\"device\"", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Checks an input path names an existing file, not a folder; <paramref name="what"/> says what it should be.</summary>
    public static void RequireInputFile(string? path, string option, string what)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new GrnException($"{option} is empty: give the path of {what}");
        if (Directory.Exists(path)) throw new GrnDataException(path, $"is a folder, expected {what} ({option})");
        if (!File.Exists(path)) throw new GrnDataException(path, $"file not found, expected {what} ({option})");
    }

    /// <summary>"1.5 GB", "12.0 MB", "512 bytes".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("F1", CultureInfo.InvariantCulture) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("F1", CultureInfo.InvariantCulture) + " MB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("F1", CultureInfo.InvariantCulture) + " KB",
        _ => $"{bytes} bytes",
    };
}

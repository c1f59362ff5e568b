using GrnGpu.Engine;
using GrnGpu.Models.Data.Output;

namespace GrnGpu.Models.Training;

/// <summary>
/// A training run's folder. Single files (config.json, history.csv, best.safetensors, metrics.json, predictions.tsv,
/// plots) are each written to a temporary name and renamed. The resume state is several files that must belong to one
/// epoch (weights, Adam state, loop state), so it lives in the folder <c>last/</c>, replaced as a whole: the new
/// checkpoint is written into <c>.last.new/</c> and exchanged with <c>last/</c> in one step (the output sets'
/// <see cref="DirectorySwap"/>); where the file system cannot exchange, <c>last/</c> is renamed to <c>.last.old/</c> and
/// the new one into place, and <see cref="LastCheckpoint"/> falls back to <c>.last.old/</c> if a kill came between.
/// So a killed run loses at most the epoch it was in. While the run is open it holds the output sets' lock
/// (<see cref="OutputLock"/>, <c>.NAME.lock</c> beside the folder): a second writer gets one line naming the first.
/// </summary>
public sealed class RunFolder : IDisposable
{
    public const string ConfigFile = "config.json", HistoryFile = "history.csv", BestWeights = "best.safetensors",
        LastFolder = "last", LastWeights = "model.safetensors", StateFile = "state.json";

    /// <summary>Manifest kind of a training run folder (written last, when the run has finished).</summary>
    public const string Kind = "train";

    private const string NewFolder = ".last.new", OldFolder = ".last.old";
    private readonly OutputLock _lock;
    private readonly bool _existed;

    public string Root { get; }

    /// <summary>False until <see cref="Create"/> (a new run) or for a resumed run, whose folder exists already.</summary>
    public bool Exists => Directory.Exists(Root);

    private RunFolder(string root, OutputLock outputLock, bool existed)
    {
        Root = root;
        _lock = outputLock;
        _existed = existed;
    }

    public string File(string name) => System.IO.Path.Combine(Root, name);

    /// <summary>Whether <paramref name="folder"/> holds a training run (its config.json).</summary>
    public static bool IsRun(string folder) => System.IO.File.Exists(System.IO.Path.Combine(folder, ConfigFile));

    /// <summary>Whether the run in <paramref name="folder"/> finished an epoch or more (a checkpoint or best weights).</summary>
    public static bool HasTrained(string folder) =>
        Directory.Exists(System.IO.Path.Combine(folder, LastFolder)) || Directory.Exists(System.IO.Path.Combine(folder, OldFolder))
        || System.IO.File.Exists(System.IO.Path.Combine(folder, BestWeights));

    /// <summary>Whether the run in <paramref name="folder"/> is whole: its manifest, written last, is present.</summary>
    public static bool IsFinished(string folder) => System.IO.File.Exists(System.IO.Path.Combine(folder, Manifest.FileName));

    /// <summary>
    /// Checks the run folder's location and takes its lock, creating nothing but missing parent folders and the lock
    /// file beside it, so that a run whose inputs turn out bad leaves nothing in the way: the folder itself is made by
    /// <see cref="Create"/> once the inputs are read. A new run takes a folder that is absent, empty, or holds a run
    /// that never finished an epoch (a run killed while loading); anything else is refused with one line.
    /// <paramref name="resume"/> requires a run.
    /// </summary>
    public static RunFolder Open(string root, bool resume, string command = "grn train")
    {
        string full = OutputChecks.RequireFolderLocation(root);
        if (resume && !IsRun(full))
            throw new GrnException(Directory.Exists(full)
                ? $"{root}: no training run to resume here (no {ConfigFile})"
                : $"{root}: no training run to resume here (folder not found)");
        if (!resume) RequireNewRunLocation(root, full);
        if (Directory.Exists(full)) RequireWritable(root, full);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnException($"{root}: cannot create the folder above the run folder ({(e is UnauthorizedAccessException ? "permission denied" : e.Message)})");
        }
        var outputLock = OutputLock.Acquire(full, command);
        var folder = new RunFolder(full, outputLock, Directory.Exists(full));
        try
        {
            if (!resume) RequireNewRunLocation(root, full);   // again, now that no other writer can be at work
            if (folder.Exists) folder.RemoveStaleFiles();
            return folder;
        }
        catch
        {
            outputLock.Dispose();
            throw;
        }
    }

    /// <summary>A new run's folder: absent, empty, or an abandoned run (config.json and nothing trained).</summary>
    private static void RequireNewRunLocation(string root, string full)
    {
        if (!Directory.Exists(full)) return;
        var visible = Directory.EnumerateFileSystemEntries(full).Select(System.IO.Path.GetFileName).Where(n => !n!.StartsWith('.')).ToList();
        if (visible.Count == 0) return;
        if (IsRun(full))
        {
            if (HasTrained(full) || System.IO.File.Exists(System.IO.Path.Combine(full, MetricsReportWriter.MetricsFile)))
                throw new GrnException($"{root} already holds a training run; continue it with --resume {root}, or choose another --out");
            var other = visible.Where(n => n != ConfigFile && n != HistoryFile).ToList();
            if (other.Count == 0) return;   // a run stopped before its first epoch: nothing to lose, it is started again
            visible = other;
        }
        throw new GrnException($"{root}: the folder holds files that are not a grn training run ({string.Join(", ", visible.Order(StringComparer.Ordinal).Take(3))}" +
                               $"{(visible.Count > 3 ? ", ..." : "")}); choose a new or empty --out");
    }

    private static void RequireWritable(string root, string full)
    {
        try
        {
            WriteProbe.Touch(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnException($"{root}: cannot write in the run folder ({(e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.'))}); " +
                                   "choose a writable --out");
        }
    }

    /// <summary>Creates the folder of a new run (after its inputs were read and checked) and marks it unfinished.</summary>
    public void Create()
    {
        try
        {
            Directory.CreateDirectory(Root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnException($"cannot create the run folder {Root}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}");
        }
        MarkUnfinished();
    }

    /// <summary>Deletes the manifest: from now until <see cref="Finish"/> the folder reads as an unfinished run.</summary>
    public void MarkUnfinished() => Manifest.MarkUnfinished(Root);

    /// <summary>Writes the manifest (every file with its SHA-256), last: the run is whole.</summary>
    public Manifest Finish(string command, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> properties) =>
        Manifest.WriteFor(Root, Kind, command, properties);

    /// <summary>
    /// Removes what a new run made when it fails before its first checkpoint: the folder itself when this run made
    /// it, else the files inside (the folder was empty, or held a run that never trained), so a retry is not refused.
    /// </summary>
    public void RemoveUnstarted()
    {
        try
        {
            if (!Directory.Exists(Root)) return;
            if (!_existed)
            {
                Directory.Delete(Root, recursive: true);
                return;
            }
            // Only what a run writes: a user's hidden files (.gitkeep) in the empty folder stay.
            static bool Ours(string path) => !System.IO.Path.GetFileName(path).StartsWith('.') || System.IO.Path.GetFileName(path) is NewFolder or OldFolder
                                             || System.IO.Path.GetFileName(path).EndsWith(".tmp", StringComparison.Ordinal);
            foreach (var dir in Directory.EnumerateDirectories(Root).Where(Ours)) Directory.Delete(dir, recursive: true);
            foreach (var file in Directory.EnumerateFiles(Root).Where(Ours)) System.IO.File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What cannot be deleted now is an unfinished run without a checkpoint, which the next run replaces.
        }
    }

    /// <summary>The folder holding the newest whole checkpoint, or null when none was committed.</summary>
    public string? LastCheckpoint()
    {
        string last = File(LastFolder), old = File(OldFolder);
        if (Directory.Exists(last)) return last;
        return Directory.Exists(old) ? old : null;
    }

    /// <summary>Writes a checkpoint through <paramref name="write"/> (given the folder to fill) and swaps it in as <c>last/</c>.</summary>
    public void CommitCheckpoint(Action<string> write)
    {
        string staging = File(NewFolder), last = File(LastFolder), old = File(OldFolder);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        write(staging);
        if (Directory.Exists(last) && DirectorySwap.TryExchange(staging, last))
        {
            Directory.Delete(staging, recursive: true);   // now the previous checkpoint
            return;
        }
        if (Directory.Exists(last))
        {
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            Directory.Move(last, old);
        }
        // Without last/, a kill between the renames of an earlier commit left old/ as the only whole copy: it stays
        // until the new last/ is in place.
        Directory.Move(staging, last);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    /// <summary>Temporary files and an unfinished staging folder left by a killed run.</summary>
    private void RemoveStaleFiles()
    {
        string staging = File(NewFolder);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        foreach (var f in Directory.EnumerateFiles(Root, ".*.tmp")) System.IO.File.Delete(f);
        if (Directory.Exists(File(LastFolder)) && Directory.Exists(File(OldFolder))) Directory.Delete(File(OldFolder), recursive: true);
    }

    public void Dispose() => _lock.Dispose();
}

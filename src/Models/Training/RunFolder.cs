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

    private const string NewFolder = ".last.new", OldFolder = ".last.old";
    private readonly OutputLock _lock;

    public string Root { get; }

    private RunFolder(string root, OutputLock outputLock)
    {
        Root = root;
        _lock = outputLock;
    }

    public string File(string name) => System.IO.Path.Combine(Root, name);

    /// <summary>
    /// Opens (creating) a run folder and takes its lock. A new run refuses a folder that already holds one
    /// (config.json present); <paramref name="resume"/> requires one.
    /// </summary>
    public static RunFolder Open(string root, bool resume, string command = "grn train")
    {
        string full = OutputChecks.RequireFolderLocation(root);
        bool hasRun = System.IO.File.Exists(System.IO.Path.Combine(full, ConfigFile));
        if (resume && !hasRun) throw new GrnException($"{root}: no training run to resume here (no {ConfigFile})");
        if (!resume && hasRun)
            throw new GrnException($"{root} already holds a training run; continue it with --resume {root}, or choose another --out");
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnException($"cannot create the run folder {root}: {e.Message}");
        }
        var folder = new RunFolder(full, OutputLock.Acquire(full, command));
        folder.RemoveStaleFiles();
        return folder;
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

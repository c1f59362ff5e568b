using System.Text.Json.Nodes;
using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Output;

/// <summary>
/// One output set, written whole or not at all. The life of a run:
/// <code>
/// using var output = OutputFolder.Begin("results/ds", new OutputRequest("dataset", command)); // checks, lock, clean-up
/// output.RequireSpace(estimatedBytes, "X.npy");          // before the expensive part
/// NpyWriter.Write(output.PathOf("X.npy"), ...);          // write anything below output.Staging
/// output.SetShape("X.npy", [n, 1, 64, 64]);  output.Set("pairs", n);
/// output.Commit();                                       // manifest last, validate, swap in, unlock
/// </code>
/// Files go into a hidden staging folder <c>.NAME.staging-PID-ID</c> beside the target, on the same file system.
/// <see cref="Commit"/> writes <c>manifest.json</c> last (file names, sizes, SHA-256, shapes, properties, the command),
/// checks the staged set against it, and exchanges staging and target in one rename
/// (<c>renameat2(RENAME_EXCHANGE)</c>; where unsupported, two renames whose gap the next run repairs), so the
/// target is always the old whole set or the new whole set. Disposing without <see cref="Commit"/> (an error, an
/// exception) deletes the staging folder and leaves the target untouched. A run killed at any point leaves only
/// hidden staging/old folders, which the next <see cref="Begin"/> on the same target removes: it holds the target's
/// <see cref="OutputLock"/>, so any other staging folder belongs to a dead run.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    private readonly OutputLock _lock;
    private readonly OutputRequest _request;
    private readonly Dictionary<string, int[]> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _properties = new(StringComparer.Ordinal);
    private bool _finished;

    private OutputFolder(string target, string staging, OutputLock outputLock, OutputRequest request, bool adopted)
    {
        Target = target;
        Staging = staging;
        _lock = outputLock;
        _request = request;
        Adopted = adopted;
    }

    /// <summary>True when <see cref="Staging"/> is a dead run's staging folder taken over (<see cref="OutputRequest.AdoptStaging"/>), with its files.</summary>
    public bool Adopted { get; }

    /// <summary>Full path of the folder the set ends up in.</summary>
    public string Target { get; }

    /// <summary>Hidden folder beside <see cref="Target"/> that receives the files until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    /// <summary>
    /// Checks the location (<see cref="OutputChecks.RequireFolderLocation"/>), creates missing parents, takes the
    /// lock (refusing a second writer with one line), removes what dead runs left, checks that an existing
    /// <paramref name="target"/> may be replaced (an empty folder, or a set of the same kind), and creates the
    /// staging folder.
    /// </summary>
    public static OutputFolder Begin(string target, OutputRequest request)
    {
        string full = OutputChecks.RequireFolderLocation(target, request.Option);
        string parent = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        Directory.CreateDirectory(parent);
        var outputLock = OutputLock.Acquire(target, request.Command);
        try
        {
            FaultPoint.Reach("locked");
            string staging = Path.Combine(parent, $".{name}.staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
            bool adopted = RemoveLeftovers(parent, name, full, request.AdoptStaging ? staging : null);
            RequireReplaceable(target, full, request);
            if (!adopted) Directory.CreateDirectory(staging);
            FaultPoint.Reach("staging-created");
            return new OutputFolder(full, staging, outputLock, request, adopted);
        }
        catch
        {
            outputLock.Dispose();
            throw;
        }
    }

    /// <summary>The staging path of a file of the set (<paramref name="name"/> relative, '/'-separated).</summary>
    public string PathOf(string name) => Path.Combine(Staging, name.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Refuses (before writing) a set whose size will not fit: see <see cref="OutputChecks.RequireFreeSpace"/>.</summary>
    public void RequireSpace(long bytes, string what) => OutputChecks.RequireFreeSpace(Target, bytes, what);

    /// <summary>Records the array shape of a file, for the manifest.</summary>
    public void SetShape(string name, IReadOnlyList<int> shape) => _shapes[name] = shape.ToArray();

    /// <summary>Records a property of the set (pair count, bins, ...) for the manifest.</summary>
    public void Set(string property, JsonNode? value) => _properties[property] = value;

    /// <summary>Writes a text file of the set (staged).</summary>
    public void WriteText(string name, string text)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>
    /// Finishes the set: writes the manifest last, verifies the staged set against it, swaps it into
    /// <see cref="Target"/>, deletes the previous set and releases the lock. Returns the manifest written.
    /// </summary>
    public Manifest Commit()
    {
        if (_finished) throw new InvalidOperationException("the output set is already committed or abandoned");
        FaultPoint.Reach("before-manifest");
        var files = new List<ManifestFile>();
        foreach (string file in Directory.EnumerateFiles(Staging, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetRelativePath(Staging, file).Replace(Path.DirectorySeparatorChar, '/');
            if (name == Manifest.FileName || name.Split('/').Any(part => part.StartsWith('.'))) continue;
            files.Add(new ManifestFile(name, new FileInfo(file).Length, Manifest.Sha256Of(file), _shapes.GetValueOrDefault(name)));
        }
        foreach (string shaped in _shapes.Keys)
            if (!files.Any(f => f.Name == shaped)) throw new InvalidOperationException($"{shaped} has a shape but was not written");
        var manifest = new Manifest(_request.Kind, _request.Command, DateTime.UtcNow, _properties, files);
        AtomicFile.WriteAllText(PathOf(Manifest.FileName), manifest.ToJson());
        FaultPoint.Reach("manifest-written");
        Manifest.Verify(Staging, _request.Kind, checkHashes: false);
        FaultPoint.Reach("validated");
        SwapIn();
        _finished = true;
        _lock.Dispose();
        return manifest;
    }

    private void SwapIn()
    {
        if (!Directory.Exists(Target))
        {
            Directory.Move(Staging, Target);
            FaultPoint.Reach("swapped");
            return;
        }
        if (DirectorySwap.TryExchange(Staging, Target))
        {
            // Staging now holds the previous set.
            FaultPoint.Reach("swapped");
            DeleteQuietly(Staging);
            FaultPoint.Reach("old-removed");
            return;
        }
        // Two renames: between them the target is absent and .NAME.old-* holds the previous set; Begin restores it.
        string old = Path.Combine(Path.GetDirectoryName(Target)!, $".{Path.GetFileName(Target)}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.Move(Target, old);
        FaultPoint.Reach("moved-old-aside");
        Directory.Move(Staging, Target);
        FaultPoint.Reach("swapped");
        DeleteQuietly(old);
        FaultPoint.Reach("old-removed");
    }

    /// <summary>Abandons an uncommitted set (its staging folder is deleted; the target is untouched) and releases the lock.</summary>
    public void Dispose()
    {
        if (_finished) return;
        _finished = true;
        DeleteQuietly(Staging);
        _lock.Dispose();
    }

    /// <summary>
    /// Removes what dead runs left beside the target: staging folders, and previous sets moved aside; a previous
    /// set moved aside while the target is missing (a run killed between two renames) is restored first.
    /// Only called while holding the target's lock, so none of these belongs to a live run. With
    /// <paramref name="adoptAs"/>, the newest staging folder is renamed to it instead of deleted (returns true).
    /// </summary>
    private static bool RemoveLeftovers(string parent, string name, string full, string? adoptAs)
    {
        var entries = Directory.EnumerateFileSystemEntries(parent, $".{name}.*").Select(Path.GetFileName).ToList();
        var old = entries.Where(e => e!.StartsWith($".{name}.old-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (!Directory.Exists(full) && !File.Exists(full) && old.Count > 0)
        {
            Directory.Move(Path.Combine(parent, old[0]!), full);
            old.RemoveAt(0);
        }
        var stagings = entries.Where(e => e!.StartsWith($".{name}.staging-", StringComparison.Ordinal) && Directory.Exists(Path.Combine(parent, e)))
            .OrderByDescending(e => Directory.GetLastWriteTimeUtc(Path.Combine(parent, e!))).ToList();
        bool adopted = false;
        if (adoptAs != null && stagings.Count > 0)
        {
            Directory.Move(Path.Combine(parent, stagings[0]!), adoptAs);
            entries.Remove(stagings[0]);
            adopted = true;
        }
        foreach (var e in entries)
            if (e!.StartsWith($".{name}.staging-", StringComparison.Ordinal) || old.Contains(e))
                DeleteQuietly(Path.Combine(parent, e));
        return adopted;
    }

    private static void RequireReplaceable(string target, string full, OutputRequest request)
    {
        if (!Directory.Exists(full)) return;
        var visible = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).ToList();
        if (visible.Count == 0) return;
        if (File.Exists(Path.Combine(full, Manifest.FileName)))
        {
            Manifest existing;
            try
            {
                existing = Manifest.Read(full);
            }
            catch (GrnDataException)
            {
                throw new GrnException($"{target}: holds a damaged {Manifest.FileName}; nothing is replaced: remove the folder or choose another {request.Option}");
            }
            if (existing.Kind != request.Kind)
                throw new GrnException($"{target}: holds a '{existing.Kind}' set (written by `{existing.Command}`), not a '{request.Kind}' set; " +
                                       $"nothing is replaced: choose another {request.Option}");
            if (!request.MayReplace)
                throw new GrnException($"{target}: already holds a '{request.Kind}' set; pass --force to replace it, or choose another {request.Option}");
            // The whole folder is replaced: anything put in it later (another command's output set, a user's file) would be lost.
            var own = existing.Files.Select(f => f.Name.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
            var added = visible.Where(n => n != Manifest.FileName && !own.Contains(n!)).ToList();
            if (added.Count > 0)
                throw new GrnException($"{target}: besides its '{request.Kind}' set the folder holds {string.Join(", ", added.Take(3))}{(added.Count > 3 ? ", ..." : "")}, " +
                                       $"which replacing the set would delete; move {(added.Count == 1 ? "it" : "them")} out first, or choose another {request.Option}");
            return;
        }
        var foreign = visible.Where(n => !request.LegacyNames.Contains(n!)).ToList();
        if (foreign.Count > 0)
            throw new GrnException($"{target}: the folder holds files this command did not write ({string.Join(", ", foreign.Take(3))}" +
                                   $"{(foreign.Count > 3 ? ", ..." : "")}) and has no {Manifest.FileName}; nothing is replaced: choose a new or empty {request.Option}");
        if (!request.MayReplace)
            throw new GrnException($"{target}: already holds a '{request.Kind}' set; pass --force to replace it, or choose another {request.Option}");
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run to remove.
        }
    }
}

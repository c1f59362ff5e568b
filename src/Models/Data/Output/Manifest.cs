using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrnGpu.Models.Data.Output;

/// <summary>One file of an output set: its name inside the folder, size, SHA-256 and (for arrays) shape.</summary>
public sealed record ManifestFile(string Name, long Bytes, string Sha256, int[]? Shape = null);

/// <summary>
/// <c>manifest.json</c>, the last file written into an output set and the proof that the set is whole: what made
/// it (<see cref="Kind"/>, the command line, the UTC time), its properties (pair count, bins, ...) and every file
/// with size, SHA-256 and shape. <see cref="Verify"/> is what every reader calls first: a folder without a
/// manifest, with a file missing, truncated, changed or not listed, is refused with one line that says so.
/// </summary>
public sealed class Manifest
{
    public const string FileName = "manifest.json";
    public const string Format = "grngpu-output-set";
    public const int Version = 1;

    public Manifest(string kind, string command, DateTime createdUtc, IReadOnlyDictionary<string, JsonNode?> properties, IReadOnlyList<ManifestFile> files)
    {
        Kind = kind;
        Command = command;
        CreatedUtc = createdUtc;
        Properties = properties;
        Files = files;
    }

    /// <summary>What wrote the set: "dataset", "synth", "baseline", "train", ...</summary>
    public string Kind { get; }
    public string Command { get; }
    public DateTime CreatedUtc { get; }

    /// <summary>Facts about the set a reader may check (e.g. "pairs": 60, "bins": 64).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Properties { get; }

    /// <summary>Every file of the set (paths relative to the folder, '/'-separated), in the order written.</summary>
    public IReadOnlyList<ManifestFile> Files { get; }

    /// <summary>An integer property, or null when absent.</summary>
    public long? Integer(string name) => Properties.TryGetValue(name, out var node) && node is JsonValue v && v.TryGetValue(out long l) ? l : null;

    public string ToJson()
    {
        var files = new JsonArray();
        foreach (var f in Files)
        {
            var o = new JsonObject { ["name"] = f.Name, ["bytes"] = f.Bytes, ["sha256"] = f.Sha256 };
            if (f.Shape != null) o["shape"] = new JsonArray(f.Shape.Select(d => (JsonNode)d).ToArray());
            files.Add(o);
        }
        var properties = new JsonObject();
        foreach (var (k, v) in Properties) properties[k] = v?.DeepClone();
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["kind"] = Kind,
            ["created"] = CreatedUtc.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["command"] = Command,
            ["properties"] = properties,
            ["files"] = files,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Parses manifest.json of <paramref name="folder"/>; a missing or malformed one is a <see cref="GrnDataException"/>.</summary>
    public static Manifest Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (File.Exists(folder))
            throw new GrnDataException(folder, "is a file, expected an output folder");
        if (!Directory.Exists(folder))
        {
            string full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
            string? parent = Path.GetDirectoryName(full);
            if (parent != null && Directory.Exists(parent) && Directory.EnumerateDirectories(parent, $".{Path.GetFileName(full)}.old-*").Any())
                throw new GrnDataException(folder, "output folder not found: a run replacing it was stopped between its two renames; " +
                                                   "the previous set waits beside it and the next run writing this folder restores it");
            throw new GrnDataException(folder, "output folder not found");
        }
        if (!File.Exists(path))
            throw new GrnDataException(folder, $"not a whole output set: it has no {FileName} (written last, so the run that wrote it " +
                                               "was interrupted, failed, or predates manifests); rebuild it");
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new FormatException("empty document");
            if ((string?)root["format"] != Format) throw new FormatException($"format is not {Format}");
            if ((int?)root["version"] is not int version || version > Version) throw new FormatException($"unsupported version {root["version"]}");
            var files = new List<ManifestFile>();
            foreach (var node in root["files"]?.AsArray() ?? throw new FormatException("no files list"))
            {
                var f = node!.AsObject();
                int[]? shape = f["shape"] is JsonArray a ? a.Select(d => (int)d!).ToArray() : null;
                files.Add(new ManifestFile((string)f["name"]!, (long)f["bytes"]!, (string)f["sha256"]!, shape));
            }
            var properties = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            if (root["properties"] is JsonObject p)
                foreach (var (k, v) in p) properties[k] = v?.DeepClone();
            var created = DateTime.Parse((string?)root["created"] ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            return new Manifest((string?)root["kind"] ?? "", (string?)root["command"] ?? "", created, properties, files);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException or InvalidCastException)
        {
            throw new GrnDataException(path, $"damaged manifest ({e.Message}); rebuild the set");
        }
    }

    /// <summary>
    /// Reads the manifest of <paramref name="folder"/> and checks the set is whole: every listed file present with its
    /// size (and, with <paramref name="checkHashes"/>, its SHA-256), no other visible file, and, when
    /// <paramref name="expectedKind"/> is given, the right kind. Throws a <see cref="GrnDataException"/> naming the first problem.
    /// </summary>
    public static Manifest Verify(string folder, string? expectedKind = null, bool checkHashes = true)
    {
        var manifest = Read(folder);
        if (expectedKind != null && manifest.Kind != expectedKind)
            throw new GrnDataException(folder, $"holds a '{manifest.Kind}' set (written by `{manifest.Command}`), expected a '{expectedKind}' set");
        var listed = new HashSet<string>(StringComparer.Ordinal) { FileName };
        foreach (var f in manifest.Files)
        {
            listed.Add(f.Name);
            string path = Path.Combine(folder, f.Name);
            if (!File.Exists(path))
                throw new GrnDataException(folder, $"not a whole output set: {f.Name} is listed in {FileName} but missing; rebuild the set");
            long bytes = new FileInfo(path).Length;
            if (bytes != f.Bytes)
                throw new GrnDataException(folder, $"not a whole output set: {f.Name} holds {bytes} bytes, its manifest says {f.Bytes}; rebuild the set");
            if (checkHashes && !string.Equals(Sha256Of(path), f.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new GrnDataException(folder, $"not a whole output set: {f.Name} was changed after the set was written (SHA-256 differs from its manifest); rebuild the set");
        }
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!listed.Contains(name) && !name.Split('/').Any(part => part.StartsWith('.')) && !InNestedSet(folder, name))
                throw new GrnDataException(folder, $"not a whole output set: {name} is not listed in its {FileName} (left from another run?); rebuild the set");
        }
        return manifest;
    }

    /// <summary>Whether <paramref name="name"/> lies in a subfolder that is an output set of its own (has its own manifest).</summary>
    private static bool InNestedSet(string folder, string name)
    {
        var parts = name.Split('/');
        for (int depth = 1; depth < parts.Length; depth++)
            if (File.Exists(Path.Combine(folder, Path.Combine(parts[..depth]), FileName))) return true;
        return false;
    }

    /// <summary>
    /// Writes <c>manifest.json</c> into a folder a command owns and filled in place (a training run): every visible
    /// file below it (hidden names and nested output sets excluded) with size and SHA-256. Written last, so a folder
    /// without one is unfinished; returns the manifest written.
    /// </summary>
    public static Manifest WriteFor(string folder, string kind, string command, IReadOnlyDictionary<string, JsonNode?> properties)
    {
        var files = new List<ManifestFile>();
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (name == FileName || name.Split('/').Any(part => part.StartsWith('.')) || InNestedSet(folder, name)) continue;
            files.Add(new ManifestFile(name, new FileInfo(file).Length, Sha256Of(file)));
        }
        var manifest = new Manifest(kind, command, DateTime.UtcNow, properties, files);
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), manifest.ToJson());
        return manifest;
    }

    /// <summary>
    /// Lists <paramref name="name"/> (a file just rewritten in a whole set, e.g. a run's report.html) with its new size and
    /// SHA-256, keeping every other entry, the kind, command, time and properties as they were.
    /// </summary>
    public static Manifest Relist(string folder, string name)
    {
        var old = Read(folder);
        string path = Path.Combine(folder, name);
        var entry = new ManifestFile(name, new FileInfo(path).Length, Sha256Of(path));
        var files = old.Files.Where(f => f.Name != name).Append(entry).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var manifest = new Manifest(old.Kind, old.Command, old.CreatedUtc, old.Properties, files);
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), manifest.ToJson());
        return manifest;
    }

    /// <summary>Deletes <c>manifest.json</c> of a folder about to change in place, so that until it is rewritten the folder reads as unfinished.</summary>
    public static void MarkUnfinished(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

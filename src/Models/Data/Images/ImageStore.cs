using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Images;

/// <summary>Whether an image shows a gene in its role as regulator (TF) or as regulated target.</summary>
public enum ImageRole { Tf, Target }

/// <summary>One image file of the store. <see cref="Stage"/> is known only for the BDGP-sample layout.</summary>
public sealed record ImageEntry(ImageRole Role, string Gene, string View, string Path, string? Stage = null);

/// <summary>
/// An index of in situ image files by role, gene and view; files are not opened here (see ImagePairBuilder).
/// Two layouts are understood:
/// <list type="bullet">
/// <item>the seed's: ROOT/tf/&lt;gene&gt;/&lt;view&gt;/* and ROOT/gene/&lt;gene&gt;/&lt;view&gt;/*, views lateral, dorsal,
/// ventral (any other view folder is indexed too and pairs only with the same name);</item>
/// <item>the BDGP sample's: ROOT/&lt;gene&gt;/&lt;stage range&gt;/*.bmp. The view is not recorded there, so every
/// image gets the one view <see cref="UnknownView"/>, and every gene is indexed as both TF and target (BDGP
/// does not know roles). Pairing "unknown" with "unknown" pairs all of a gene pair's images, which is right for
/// tests and benchmarks on real pixels but mixes views, so it is not a training set.</item>
/// </list>
/// Files with extensions .bmp, .png, .jpg, .jpeg, .gif, .webp (any case, <see cref="ImageDecoder.Extensions"/>) are
/// indexed; the decoder picks the format from the file's bytes, not its extension. Everything is sorted by ordinal name, so the
/// index (and every seeded choice made from it) is the same on every machine.
/// </summary>
public sealed class ImageStore
{
    public const string TfFolder = "tf";
    public const string TargetFolder = "gene";
    public const string UnknownView = "unknown";
    public static IReadOnlyList<string> SeedViews { get; } = ["lateral", "dorsal", "ventral"];

    private readonly Dictionary<(ImageRole, string Gene, string View), List<ImageEntry>> _byKey = new();

    public string Root { get; }
    public IReadOnlyList<ImageEntry> Entries { get; }

    private ImageStore(string root, List<ImageEntry> entries)
    {
        Root = root;
        Entries = entries;
        foreach (var e in entries)
        {
            if (!_byKey.TryGetValue((e.Role, e.Gene, e.View), out var list))
                _byKey[(e.Role, e.Gene, e.View)] = list = new List<ImageEntry>();
            list.Add(e);
        }
    }

    /// <summary>Indexes ROOT/tf/&lt;gene&gt;/&lt;view&gt;/* and ROOT/gene/&lt;gene&gt;/&lt;view&gt;/*.</summary>
    public static ImageStore OpenSeedLayout(string root)
    {
        RequireFolder(root, "image store");
        string tf = Path.Combine(root, TfFolder), target = Path.Combine(root, TargetFolder);
        if (!Directory.Exists(tf) && !Directory.Exists(target))
            throw new GrnException($"{root}: expected an image store with folders '{TfFolder}/' and '{TargetFolder}/' (layout ROOT/tf/<gene>/<view>/*.bmp)");
        var entries = new List<ImageEntry>();
        foreach (var (role, folder) in new[] { (ImageRole.Tf, tf), (ImageRole.Target, target) })
        {
            if (!Directory.Exists(folder)) continue;
            foreach (string geneDir in SortedDirectories(folder))
            foreach (string viewDir in SortedDirectories(geneDir))
            foreach (string file in SortedImageFiles(viewDir))
                entries.Add(new ImageEntry(role, Path.GetFileName(geneDir), Path.GetFileName(viewDir).ToLowerInvariant(), file));
        }
        return new ImageStore(root, entries);
    }

    /// <summary>
    /// <see cref="OpenSeedLayout"/>, refusing a store that would silently give nothing or too little: a missing
    /// <c>tf/</c> or <c>gene/</c> folder, an image lying directly in a gene folder (outside any view folder, so never
    /// paired), or no image file at all. Each is one line naming the folder or file and the layout expected.
    /// </summary>
    public static ImageStore OpenSeedLayoutChecked(string root)
    {
        RequireFolder(root, "image store");
        foreach (var (folder, what) in new[] { (TfFolder, "TF"), (TargetFolder, "target") })
            if (!Directory.Exists(Path.Combine(root, folder)))
                throw new GrnException($"{root}: no '{folder}/' folder of {what} images; expected the layout ROOT/tf/<gene>/<view>/*.bmp and ROOT/gene/<gene>/<view>/*.bmp");
        foreach (string folder in new[] { TfFolder, TargetFolder })
        foreach (string geneDir in SortedDirectories(Path.Combine(root, folder)))
            if (SortedImageFiles(geneDir).FirstOrDefault() is { } loose)
                throw new GrnException($"{loose}: an image directly in the gene folder; images go in view folders: {geneDir}/<view>/ (lateral, dorsal or ventral)");
        var store = OpenSeedLayout(root);
        if (store.Entries.Count == 0)
            throw new GrnException($"{root}: no image files (.bmp, .png, .jpg, .jpeg, .gif, .webp) under tf/<gene>/<view>/ or gene/<gene>/<view>/");
        return store;
    }

    /// <summary>
    /// The one reader every command uses: the seed's layout (ROOT/tf/&lt;gene&gt;/&lt;view&gt;/*, ROOT/gene/...) when ROOT
    /// has a tf/ or gene/ folder, checked by <see cref="OpenSeedLayoutChecked"/>; else the BDGP sample's
    /// (ROOT/&lt;gene&gt;/&lt;stage&gt;/*). A store without any image file is refused, naming both layouts.
    /// </summary>
    public static ImageStore Open(string root)
    {
        RequireFolder(root, "image store");
        bool seedLayout = Directory.Exists(Path.Combine(root, TfFolder)) || Directory.Exists(Path.Combine(root, TargetFolder));
        if (seedLayout) return OpenSeedLayoutChecked(root);
        var store = OpenBdgpSampleLayout(root);
        if (store.Entries.Count == 0)
            throw new GrnException($"{root}: no image files (.bmp, .png, .jpg, .jpeg, .gif, .webp) in either layout: ROOT/tf/<gene>/<view>/* and ROOT/gene/<gene>/<view>/* (the seed's), " +
                                   "or ROOT/<gene>/<stage>/* (BDGP)");
        return store;
    }

    /// <summary>Indexes ROOT/&lt;gene&gt;/&lt;stage&gt;/*: every image under view <see cref="UnknownView"/>, as both TF and target.</summary>
    public static ImageStore OpenBdgpSampleLayout(string root)
    {
        RequireFolder(root, "BDGP image folder");
        var entries = new List<ImageEntry>();
        foreach (var role in new[] { ImageRole.Tf, ImageRole.Target })
        foreach (string geneDir in SortedDirectories(root))
        foreach (string stageDir in SortedDirectories(geneDir))
        foreach (string file in SortedImageFiles(stageDir))
            entries.Add(new ImageEntry(role, Path.GetFileName(geneDir), UnknownView, file, Path.GetFileName(stageDir)));
        return new ImageStore(root, entries);
    }

    /// <summary>The images of one gene in one role and view, in file-name order (empty if none).</summary>
    public IReadOnlyList<ImageEntry> Images(ImageRole role, string gene, string view) =>
        _byKey.TryGetValue((role, gene, view), out var list) ? list : [];

    /// <summary>Genes that have at least one image in the role, sorted.</summary>
    public IReadOnlyList<string> Genes(ImageRole role) =>
        Entries.Where(e => e.Role == role).Select(e => e.Gene).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Views present for the gene in the role, sorted.</summary>
    public IReadOnlyList<string> Views(ImageRole role, string gene) =>
        _byKey.Keys.Where(k => k.Item1 == role && k.Gene == gene).Select(k => k.View).Order(StringComparer.Ordinal).ToList();

    private static void RequireFolder(string root, string what)
    {
        if (!Directory.Exists(root)) throw new GrnException($"{root}: {what} not found (expected a folder)");
    }

    private static IEnumerable<string> SortedDirectories(string dir) =>
        Directory.GetDirectories(dir).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal);

    private static IEnumerable<string> SortedImageFiles(string dir) =>
        Directory.GetFiles(dir)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && ImageDecoder.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);
}

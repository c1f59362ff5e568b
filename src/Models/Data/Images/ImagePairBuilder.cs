using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// Builds the seed's image pairs: for each labelled gene pair (tf, target), every TF image times every target
/// image of the same view, after the per-image filters; gene pairs with too few image pairs are dropped and
/// the rest optionally capped. Each file is decoded at most once, and only if some gene pair needs it.
/// </summary>
public static class ImagePairBuilder
{
    public static ImagePairSet Build(ImageStore store, IEnumerable<(string Tf, string Target, int Label)> genePairs, ImagePairOptions? options = null,
        IWorkProgress? progress = null)
    {
        options ??= new ImagePairOptions();
        options.Validate();

        var loader = new Loader(options.Filter);
        var pairs = new List<ImagePair>();
        var kept = new List<KeptGenePair>();
        var dropped = new List<DroppedGenePair>();
        int source = -1;
        foreach (var (tf, target, label) in genePairs)
        {
            source++;
            progress?.Advance();
            var candidates = new List<ImagePair>();
            var views = options.Views ?? store.Views(ImageRole.Tf, tf);
            foreach (string view in views)
            {
                var tfImages = loader.Kept(store.Images(ImageRole.Tf, tf, view));
                if (tfImages.Count == 0) continue;
                var targetImages = loader.Kept(store.Images(ImageRole.Target, target, view));
                foreach (int t in tfImages)
                foreach (int g in targetImages)
                    candidates.Add(new ImagePair(kept.Count, t, g, view));
            }
            if (candidates.Count < options.MinImagePairs)
            {
                dropped.Add(new DroppedGenePair(source, tf, target, label, candidates.Count, Reason(store, loader, tf, target, candidates.Count, options.MinImagePairs)));
                continue;
            }
            if (options.MaxImagePairsPerGenePair is int max && candidates.Count > max)
                candidates = SeededSubset(candidates, max, DeterministicRng.For(options.Seed, tf, target));
            kept.Add(new KeptGenePair(source, tf, target, label, pairs.Count, candidates.Count));
            pairs.AddRange(candidates);
        }
        return new ImagePairSet(loader.Images, loader.Paths, pairs, kept, dropped, loader.Rejected);
    }

    private static string Reason(ImageStore store, Loader loader, string tf, string target, int count, int min)
    {
        if (store.Views(ImageRole.Tf, tf).Count == 0) return $"no images of TF {tf}";
        if (store.Views(ImageRole.Target, target).Count == 0) return $"no images of target {target}";
        return $"{count} image pairs after filtering and view matching, fewer than {min}";
    }

    /// <summary>Keeps <paramref name="count"/> of the candidates chosen by a partial Fisher-Yates, then restores their order.</summary>
    private static List<ImagePair> SeededSubset(List<ImagePair> candidates, int count, DeterministicRng rng)
    {
        var index = Enumerable.Range(0, candidates.Count).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + rng.Next(index.Length - i);
            (index[i], index[j]) = (index[j], index[i]);
        }
        Array.Sort(index, 0, count);
        return index.Take(count).Select(i => candidates[i]).ToList();
    }

    /// <summary>Decodes and filters each path once; remembers the outcome.</summary>
    private sealed class Loader(ImageFilterOptions filter)
    {
        private readonly Dictionary<string, int> _indexByPath = new(StringComparer.Ordinal); // -1: rejected
        public List<GreyImage> Images { get; } = new();
        public List<string> Paths { get; } = new();
        public List<RejectedImage> Rejected { get; } = new();

        public List<int> Kept(IReadOnlyList<ImageEntry> entries)
        {
            var result = new List<int>(entries.Count);
            foreach (var e in entries)
            {
                int i = Load(e.Path);
                if (i >= 0) result.Add(i);
            }
            return result;
        }

        private int Load(string path)
        {
            if (_indexByPath.TryGetValue(path, out int known)) return known;
            GreyImage? image;
            string? reason;
            try
            {
                image = filter.Apply(ImageDecoder.DecodeGreyFile(path), out reason);
            }
            catch (GrnException e) when (filter.SkipUndecodable)
            {
                image = null;
                reason = e is ImageFormatException f ? f.Reason : e.Message;
            }
            int index = -1;
            if (image == null)
                Rejected.Add(new RejectedImage(path, reason!));
            else
            {
                index = Images.Count;
                Images.Add(image);
                Paths.Add(path);
            }
            _indexByPath[path] = index;
            return index;
        }
    }
}

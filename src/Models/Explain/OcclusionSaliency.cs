using GrnGpu.Engine;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Explain;

/// <summary>
/// Occlusion saliency (Zeiler and Fergus 2014): cut every panel into square tiles, hide one tile (set it to 0: an
/// image's background after normalisation, an empty histogram bin), score the sample again, and give every pixel of the
/// tile |p - p_hidden|. Tiles do not overlap (tiles stepping by half a side cost 4x the passes and localised no better on
/// the synthetic set: 89 % of the mass in the region against 86 %); the last row and column are clipped at the edges.
/// Unlike the raw gradient, which is large wherever a small change would move a ReLU network's score (much of the
/// image, including the background), this asks what the score actually depends on: on the synthetic sets where the
/// label is painted into one region, most of the map's mass lies in that region.
/// </summary>
public static class OcclusionSaliency
{
    /// <summary>Hidden copies scored per forward pass.</summary>
    private const int Batch = 32;

    /// <summary>The side of a tile for a panel when none is asked for: an eighth of its height, at least 2 pixels.</summary>
    public static int DefaultPatch(SaliencyPanel panel) => Math.Max(2, panel.Height / 8);

    /// <param name="patch">The tile's side in pixels for every panel; null: <see cref="DefaultPatch"/> of each.</param>
    public static SampleSaliency Compute(Model model, ReadOnlySpan<float> sample, int? patch = null)
    {
        var panels = SaliencyPanel.Of(model.Network);
        var clean = sample.ToArray();
        double p = Score(model, clean, 1)[0];
        var tiles = panels.SelectMany(panel => Tiles(panel, patch ?? DefaultPatch(panel))).ToList();
        var map = new float[clean.Length];
        var batch = new float[Batch * clean.Length];
        for (int first = 0; first < tiles.Count; first += Batch)
        {
            int n = Math.Min(Batch, tiles.Count - first);
            for (int b = 0; b < n; b++)
            {
                var copy = batch.AsSpan(b * clean.Length, clean.Length);
                clean.CopyTo(copy);
                foreach (int i in tiles[first + b].Pixels()) copy[i] = 0;
            }
            var hidden = Score(model, batch, n);
            for (int b = 0; b < n; b++)
            {
                float change = (float)Math.Abs(p - hidden[b]);
                foreach (int i in tiles[first + b].Pixels()) map[i] = change;
            }
        }
        return new SampleSaliency(p, map);
    }

    /// <summary>A tile of a panel, clipped at its edges.</summary>
    private readonly record struct Tile(SaliencyPanel Panel, int X0, int Y0, int Side)
    {
        public IEnumerable<int> Pixels()
        {
            for (int y = Y0; y < Math.Min(Panel.Height, Y0 + Side); y++)
            for (int x = X0; x < Math.Min(Panel.Width, X0 + Side); x++)
                yield return Panel.Offset + y * Panel.Width + x;
        }
    }

    private static IEnumerable<Tile> Tiles(SaliencyPanel panel, int side)
    {
        for (int y = 0; y < panel.Height; y += side)
        for (int x = 0; x < panel.Width; x += side)
            yield return new Tile(panel, x, y, side);
    }

    // The edge probabilities of the first `count` samples laid end to end in `samples`, in inference mode.
    private static float[] Score(Model model, float[] samples, int count)
    {
        int sampleLength = model.Network.Inputs.Sum(i => i.Channels * i.Height * i.Width);
        var tensors = new List<Tensor>();
        try
        {
            int offset = 0;
            foreach (var input in model.Network.Inputs)
            {
                var shape = input.WithBatch(count);
                int length = shape.Size / count;
                var values = new float[shape.Size];
                for (int b = 0; b < count; b++) Array.Copy(samples, b * sampleLength + offset, values, b * length, length);
                tensors.Add(Tensor.FromArray(model.Device, shape, values));
                offset += length;
            }
            return model.Predict(tensors.ToArray());
        }
        finally
        {
            foreach (var t in tensors) t.Dispose();
        }
    }
}

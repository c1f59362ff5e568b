using SkiaSharp;

namespace GrnGpu.Models.Explain;

/// <summary>
/// Draws a sample's panels (TF image above target image, histogram below) as grey pictures with the saliency blended
/// on top in a dark-red-to-yellow ramp, enlarged by whole pixels so small model inputs stay readable.
/// </summary>
public static class HeatmapPng
{
    private const int MinWidth = 320;

    /// <summary>
    /// Saliency is scaled to its 99th percentile over all panels (values above are clipped): a few extreme pixels
    /// would otherwise leave the rest of the map invisible. The colours are for looking; the numbers are in saliency.json.
    /// </summary>
    public static byte[] Encode(float[] input, float[] saliency, IReadOnlyList<SaliencyPanel> panels)
    {
        int width = panels.Max(p => p.Width);
        int scale = Math.Max(1, (MinWidth + width - 1) / width);
        const int gap = 4;
        int height = panels.Sum(p => p.Height * scale) + gap * (panels.Count - 1);
        float top = Percentile(saliency, 0.99);
        if (top <= 0) top = saliency.Length == 0 ? 0 : saliency.Max(); // a map zero almost everywhere
        using var bitmap = new SKBitmap(new SKImageInfo(width * scale, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.White);
        int y0 = 0;
        foreach (var p in panels)
        {
            // The histogram's counts are mostly near zero: shown inverted (dark = many samples), as a density plot.
            bool histogram = p.Name == "histogram";
            float max = histogram ? Math.Max(1e-6f, Enumerable.Range(0, p.Length).Max(i => input[p.Offset + i])) : 1f;
            for (int y = 0; y < p.Height; y++)
            for (int x = 0; x < p.Width; x++)
            {
                int i = p.Offset + y * p.Width + x;
                double grey = Math.Clamp(histogram ? 1 - input[i] / max : input[i], 0, 1) * 255;
                double t = top > 0 ? Math.Min(1, saliency[i] / top) : 0;
                var (r, g, b) = Ramp(t);
                double alpha = 0.8 * t; // faint saliency leaves the picture visible
                var colour = new SKColor(Mix(grey, r, alpha), Mix(grey, g, alpha), Mix(grey, b, alpha));
                for (int dy = 0; dy < scale; dy++)
                for (int dx = 0; dx < scale; dx++) bitmap.SetPixel(x * scale + dx, y0 + y * scale + dy, colour);
            }
            y0 += p.Height * scale + gap;
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte Mix(double grey, double colour, double alpha) => (byte)Math.Round(grey * (1 - alpha) + colour * alpha);

    // Dark red at low saliency, through red and orange, to yellow at the top.
    private static (double R, double G, double B) Ramp(double t) => (128 + 127 * Math.Min(1, 2 * t), 255 * Math.Max(0, 2 * t - 1), 0);

    private static float Percentile(float[] values, double q)
    {
        if (values.Length == 0) return 0;
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
}

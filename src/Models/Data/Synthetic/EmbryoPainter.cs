using GrnGpu.Models.Data.Images;

namespace GrnGpu.Models.Data.Synthetic;

/// <summary>
/// Paints a BDGP-like in situ image: an elliptical embryo (anterior left) on a white background, a beige
/// body with low-frequency texture and a darker rim, pixel noise, and blue-purple stain where the gene's
/// domains are. Views map pixels to the embryo surface: lateral shows u x v (dorsal up); dorsal and ventral
/// views look down on the surface, where a pixel at lateral offset s sees v = +-sqrt(1 - s^2), so a dorsal
/// domain fills the middle of a dorsal view and is absent from a ventral one.
/// </summary>
public static class EmbryoPainter
{
    private static readonly double[] Body = [216, 212, 214];
    private static readonly double[] Stain = [88, 88, 170];

    /// <param name="strength">Stain opacity 0..1 for this image.</param>
    /// <param name="region">Where the gene's <paramref name="code"/> is painted (one stained cell per set bit), over anything else there.</param>
    public static RgbImage Paint(IReadOnlyList<StainDomain> domains, string view, double strength, int width, int height, DeterministicRng rng,
        SignalRegion? region = null, int code = -1)
    {
        // Embryo pose: centre, semi-axes and a small rotation, as a mounted embryo varies from slide to slide.
        double cx = width / 2.0 + rng.Uniform(-0.025, 0.025) * width;
        double cy = height / 2.0 + rng.Uniform(-0.04, 0.04) * height;
        double a = width * rng.Uniform(0.43, 0.47);
        double b = height * rng.Uniform(0.36, 0.43);
        double angle = rng.Uniform(-0.06, 0.06);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        double shiftU = rng.Uniform(-0.015, 0.015); // domain placement varies a little between embryos
        var texture = CoarseNoise(rng, 12, 6);
        var grain = CoarseNoise(rng, 48, 20); // cell-scale mottling of body and stain
        double brightness = rng.Uniform(-6, 6);

        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            double ex = (dx * cos + dy * sin) / a;   // -1..1 along the body axis
            double ey = (-dx * sin + dy * cos) / b;  // -1..1 across, +1 at the bottom of the image
            double r = Math.Sqrt(ex * ex + ey * ey);
            double inside = Math.Clamp((1 - r) * b + 0.5, 0, 1); // about one pixel of anti-aliased edge
            double noise = rng.Normal() * 2.5;
            int o = (y * width + x) * 3;
            int cell = region?.CellOf(x, y, width, height) ?? -1;
            if (inside <= 0 && cell < 0)
            {
                byte bg = (byte)Math.Clamp(Math.Round(253 + noise * 0.6), 0, 255);
                pixels[o] = pixels[o + 1] = pixels[o + 2] = bg;
                continue;
            }
            double u = (ex + 1) / 2 + shiftU;
            double v = view switch
            {
                "dorsal" => Math.Sqrt(Math.Max(0, 1 - ey * ey)),
                "ventral" => -Math.Sqrt(Math.Max(0, 1 - ey * ey)),
                _ => -ey,
            };
            double stain = 0;
            foreach (var d in domains) stain = Math.Max(stain, d.Intensity(u, v));
            // In the signal region only the code shows (on body colour even off the embryo), at full strength: weak-stain
            // images must not hide the label.
            if (cell >= 0) (stain, inside) = ((code >> cell & 1) == 1 ? 0.9 / Math.Max(strength, 1e-3) : 0, 1);
            double g = Sample(grain, 48, 20, ex, ey);
            stain *= strength * (0.8 + 0.2 * g);
            double shade = 1 - 0.22 * Smooth((r - 0.82) / 0.18) + (Sample(texture, 12, 6, ex, ey) * 10 + g * 8 + brightness) / 255;
            for (int c = 0; c < 3; c++)
            {
                double body = Body[c] * shade;
                double color = body * (1 - stain) + Stain[c] * (0.8 + 0.2 * shade) * stain;
                double value = 253 * (1 - inside) + color * inside + noise;
                pixels[o + c] = (byte)Math.Clamp(Math.Round(value), 0, 255);
            }
        }
        return new RgbImage(width, height, 3, pixels);
    }

    private static double Smooth(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - 2 * t);
    }

    private static double[] CoarseNoise(DeterministicRng rng, int nx, int ny)
    {
        var grid = new double[(nx + 1) * (ny + 1)];
        for (int i = 0; i < grid.Length; i++) grid[i] = rng.Uniform(-1, 1);
        return grid;
    }

    // Bilinear lookup of the coarse grid at embryo coordinates ex, ey in -1..1.
    private static double Sample(double[] grid, int nx, int ny, double ex, double ey)
    {
        double gx = Math.Clamp((ex + 1) / 2, 0, 1) * nx, gy = Math.Clamp((ey + 1) / 2, 0, 1) * ny;
        int x0 = Math.Min((int)gx, nx - 1), y0 = Math.Min((int)gy, ny - 1);
        double fx = gx - x0, fy = gy - y0;
        int w = nx + 1;
        double top = grid[y0 * w + x0] * (1 - fx) + grid[y0 * w + x0 + 1] * fx;
        double bottom = grid[(y0 + 1) * w + x0] * (1 - fx) + grid[(y0 + 1) * w + x0 + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}

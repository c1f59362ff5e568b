using System.Text.Json.Nodes;
using GrnGpu.Models.Data.Synthetic;

namespace GrnGpu.Models.Explain;

/// <summary>
/// Where a saliency map's mass lies: each panel's share of the whole, each panel's quadrants' shares of that panel,
/// the share inside a region (applied to every image panel, in fractions of its size) and the top pixels.
/// </summary>
public static class SaliencyStats
{
    public const int TopPixels = 20;

    /// <summary>The share of the map's total mass inside <paramref name="region"/> of the image panels (tf, target); NaN if the map is all zero.</summary>
    public static double RegionShare(float[] map, IReadOnlyList<SaliencyPanel> panels, SignalRegion region)
    {
        double inside = 0, total = 0;
        foreach (var p in panels.Where(p => p.Name != "histogram"))
            for (int y = 0; y < p.Height; y++)
            for (int x = 0; x < p.Width; x++)
            {
                double v = map[p.Offset + y * p.Width + x];
                total += v;
                if (region.Contains(x, y, p.Width, p.Height)) inside += v;
            }
        return total > 0 ? inside / total : double.NaN;
    }

    /// <summary>Fraction of the map's largest values (the top <see cref="TopFraction"/> of image-panel pixels) that lie inside the region.</summary>
    public static double TopInRegion(float[] map, IReadOnlyList<SaliencyPanel> panels, SignalRegion region)
    {
        var pixels = panels.Where(p => p.Name != "histogram")
            .SelectMany(p => Enumerable.Range(0, p.Length).Select(i => (v: map[p.Offset + i], inside: region.Contains(i % p.Width, i / p.Width, p.Width, p.Height))))
            .OrderByDescending(t => t.v).ToList();
        int top = Math.Max(1, (int)(TopFraction * pixels.Count));
        return pixels.Count == 0 ? double.NaN : (double)pixels.Take(top).Count(t => t.inside) / top;
    }

    /// <summary>What "top pixels" means for <see cref="TopInRegion"/>: the largest 5 %.</summary>
    public const double TopFraction = 0.05;

    /// <summary>The share of the whole map's mass in each panel.</summary>
    public static JsonObject PanelShares(float[] map, IReadOnlyList<SaliencyPanel> panels)
    {
        double total = map.Sum(v => (double)v);
        var o = new JsonObject();
        foreach (var p in panels) o[p.Name] = Round(total > 0 ? Mass(map, p, 0, 0, p.Width, p.Height) / total : 0);
        return o;
    }

    /// <summary>Per panel: its share of the mass, its quadrants' shares of it, and the region's share if one is given.</summary>
    public static JsonObject Describe(float[] map, IReadOnlyList<SaliencyPanel> panels, SignalRegion? region)
    {
        double total = map.Sum(v => (double)v);
        var o = new JsonObject { ["total_mass"] = total };
        var each = new JsonObject();
        foreach (var p in panels)
        {
            double mass = Mass(map, p, 0, 0, p.Width, p.Height);
            int hx = p.Width / 2, hy = p.Height / 2;
            double Share(double m) => Round(mass > 0 ? m / mass : 0);
            // Histogram axes (HistogramBuilder): rows are target bins, columns TF bins, so a quadrant is a low/high TF x target corner.
            each[p.Name] = new JsonObject
            {
                ["share"] = Round(total > 0 ? mass / total : 0),
                ["quadrants"] = new JsonObject
                {
                    ["top_left"] = Share(Mass(map, p, 0, 0, hx, hy)),
                    ["top_right"] = Share(Mass(map, p, hx, 0, p.Width, hy)),
                    ["bottom_left"] = Share(Mass(map, p, 0, hy, hx, p.Height)),
                    ["bottom_right"] = Share(Mass(map, p, hx, hy, p.Width, p.Height)),
                },
            };
        }
        o["panels"] = each;
        if (region != null)
        {
            var images = panels.Where(p => p.Name != "histogram").ToList();
            int pixels = images.Sum(p => p.Length), inRegion = images.Sum(p => Enumerable.Range(0, p.Length).Count(i => region.Contains(i % p.Width, i / p.Width, p.Width, p.Height)));
            o["region"] = new JsonObject
            {
                ["x0y0x1y1"] = region.ToString(),
                ["mass_share"] = images.Count == 0 ? null : Round(RegionShare(map, panels, region)),
                ["area_share"] = pixels == 0 ? null : Round((double)inRegion / pixels),
                ["top_5pc_pixels_inside"] = images.Count == 0 ? null : Round(TopInRegion(map, panels, region)),
            };
        }
        var top = new JsonArray();
        foreach (var (p, i, v) in panels.SelectMany(p => Enumerable.Range(0, p.Length).Select(i => (p, i, v: map[p.Offset + i])))
                     .OrderByDescending(t => t.v).Take(TopPixels))
            top.Add(new JsonObject { ["panel"] = p.Name, ["x"] = i % p.Width, ["y"] = i / p.Width, ["share"] = Round(total > 0 ? v / total : 0) });
        o["top_pixels"] = top;
        return o;
    }

    private static double Mass(float[] map, SaliencyPanel p, int x0, int y0, int x1, int y1)
    {
        double m = 0;
        for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) m += map[p.Offset + y * p.Width + x];
        return m;
    }

    private static double Round(double v) => double.IsNaN(v) ? v : Math.Round(v, 6);
}

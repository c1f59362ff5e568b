using GrnGpu.Models.Data;

namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// An RGB raster to draw charts on: rows top-down, 3 bytes a pixel. Coordinates are in pixels with pixel (x, y)
/// covering [x, x+1) x [y, y+1), so a line through a pixel's centre runs at x + 0.5. Lines are anti-aliased by
/// coverage unless <see cref="AntiAlias"/> is off; every drawing call respects the clip rectangle.
/// </summary>
public sealed class Canvas
{
    private readonly byte[] _pixels;
    private float[]? _coverage; // scratch for polylines, so joints are not blended twice
    private int _clipLeft, _clipTop, _clipRight, _clipBottom; // inclusive-exclusive pixel bounds

    public Canvas(int width, int height, ChartColor background)
    {
        if (width < 1 || height < 1 || (long)width * height > 1L << 26)
            throw new ArgumentOutOfRangeException(nameof(width), $"canvas {width} x {height}: expected 1 to 2^26 pixels");
        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
        ResetClip();
        Clear(background);
    }

    public int Width { get; }
    public int Height { get; }
    public bool AntiAlias { get; set; } = true;

    /// <summary>The pixels, R,G,B per pixel, rows top-down.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    public void Clear(ChartColor color)
    {
        for (int i = 0; i < _pixels.Length; i += 3)
        {
            _pixels[i] = color.R;
            _pixels[i + 1] = color.G;
            _pixels[i + 2] = color.B;
        }
    }

    /// <summary>Restricts drawing to pixels x in [left, right), y in [top, bottom) (cut to the canvas).</summary>
    public void SetClip(int left, int top, int right, int bottom)
    {
        _clipLeft = Math.Clamp(left, 0, Width);
        _clipTop = Math.Clamp(top, 0, Height);
        _clipRight = Math.Clamp(right, _clipLeft, Width);
        _clipBottom = Math.Clamp(bottom, _clipTop, Height);
    }

    public void ResetClip() => (_clipLeft, _clipTop, _clipRight, _clipBottom) = (0, 0, Width, Height);

    public ChartColor GetPixel(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {Width} x {Height} canvas");
        int i = (y * Width + x) * 3;
        return new ChartColor(_pixels[i], _pixels[i + 1], _pixels[i + 2]);
    }

    public void SetPixel(int x, int y, ChartColor color) => Blend(x, y, color, 1);

    /// <summary>Mixes <paramref name="color"/> into pixel (x, y) with weight <paramref name="coverage"/> (0 to 1); outside the clip, nothing.</summary>
    public void Blend(int x, int y, ChartColor color, double coverage)
    {
        if (x < _clipLeft || x >= _clipRight || y < _clipTop || y >= _clipBottom || !(coverage > 0)) return;
        int i = (y * Width + x) * 3;
        if (coverage >= 1)
        {
            _pixels[i] = color.R;
            _pixels[i + 1] = color.G;
            _pixels[i + 2] = color.B;
            return;
        }
        _pixels[i] = Mix(_pixels[i], color.R, coverage);
        _pixels[i + 1] = Mix(_pixels[i + 1], color.G, coverage);
        _pixels[i + 2] = Mix(_pixels[i + 2], color.B, coverage);
    }

    public void FillRect(int x, int y, int width, int height, ChartColor color)
    {
        int x0 = Math.Max(x, _clipLeft), y0 = Math.Max(y, _clipTop);
        int x1 = (int)Math.Min((long)x + width, _clipRight), y1 = (int)Math.Min((long)y + height, _clipBottom);
        for (int yy = y0; yy < y1; yy++)
            for (int xx = x0; xx < x1; xx++)
            {
                int i = (yy * Width + xx) * 3;
                _pixels[i] = color.R;
                _pixels[i + 1] = color.G;
                _pixels[i + 2] = color.B;
            }
    }

    /// <summary>The outline of a rectangle, <paramref name="thickness"/> pixels inside its bounds.</summary>
    public void DrawRect(int x, int y, int width, int height, ChartColor color, int thickness = 1)
    {
        FillRect(x, y, width, thickness, color);
        FillRect(x, y + height - thickness, width, thickness, color);
        FillRect(x, y, thickness, height, color);
        FillRect(x + width - thickness, y, thickness, height, color);
    }

    /// <summary>A straight line of the given thickness with round ends.</summary>
    public void DrawLine(double x0, double y0, double x1, double y1, ChartColor color, double thickness = 1) =>
        DrawPolyline([(x0, y0), (x1, y1)], color, thickness);

    /// <summary>Connected segments with round joints; each pixel is blended once, with its highest coverage.</summary>
    public void DrawPolyline(IReadOnlyList<(double X, double Y)> points, ChartColor color, double thickness = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (!(thickness > 0) || !double.IsFinite(thickness)) throw new ArgumentOutOfRangeException(nameof(thickness), thickness, "expected a positive thickness");
        foreach (var (px, py) in points)
            if (!double.IsFinite(px) || !double.IsFinite(py)) throw new ArgumentException($"point ({px}, {py}) is not finite", nameof(points));
        if (points.Count == 0) return;
        _coverage ??= new float[Width * Height];
        double half = thickness / 2;
        int bx0 = int.MaxValue, by0 = int.MaxValue, bx1 = int.MinValue, by1 = int.MinValue;
        for (int s = 0; s < Math.Max(1, points.Count - 1); s++)
        {
            var a = points[s];
            var b = points[Math.Min(s + 1, points.Count - 1)];
            int x0 = Math.Max(_clipLeft, (int)Math.Floor(Math.Min(a.X, b.X) - half - 1));
            int x1 = Math.Min(_clipRight - 1, (int)Math.Ceiling(Math.Max(a.X, b.X) + half + 1));
            int y0 = Math.Max(_clipTop, (int)Math.Floor(Math.Min(a.Y, b.Y) - half - 1));
            int y1 = Math.Min(_clipBottom - 1, (int)Math.Ceiling(Math.Max(a.Y, b.Y) + half + 1));
            if (x0 > x1 || y0 > y1) continue;
            bx0 = Math.Min(bx0, x0); by0 = Math.Min(by0, y0); bx1 = Math.Max(bx1, x1); by1 = Math.Max(by1, y1);
            double dx = b.X - a.X, dy = b.Y - a.Y, length2 = dx * dx + dy * dy;
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                {
                    double cx = x + 0.5 - a.X, cy = y + 0.5 - a.Y;
                    double t = length2 > 0 ? Math.Clamp((cx * dx + cy * dy) / length2, 0, 1) : 0;
                    double ex = cx - t * dx, ey = cy - t * dy;
                    double distance = Math.Sqrt(ex * ex + ey * ey);
                    float cover = AntiAlias ? (float)Math.Clamp(half + 0.5 - distance, 0, 1) : distance <= half ? 1f : 0f;
                    int i = y * Width + x;
                    if (cover > _coverage[i]) _coverage[i] = cover;
                }
        }
        if (bx0 > bx1) return;
        for (int y = by0; y <= by1; y++)
            for (int x = bx0; x <= bx1; x++)
            {
                int i = y * Width + x;
                if (_coverage[i] > 0)
                {
                    Blend(x, y, color, _coverage[i]);
                    _coverage[i] = 0;
                }
            }
    }

    /// <summary>A dashed straight line: <paramref name="dash"/> pixels drawn, <paramref name="gap"/> pixels skipped.</summary>
    public void DrawDashedLine(double x0, double y0, double x1, double y1, ChartColor color, double thickness, double dash, double gap)
    {
        if (!(dash > 0) || !(gap >= 0)) throw new ArgumentOutOfRangeException(nameof(dash), "expected a positive dash and a gap of at least 0");
        double length = Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
        if (length == 0) return;
        double ux = (x1 - x0) / length, uy = (y1 - y0) / length;
        for (double s = 0; s < length; s += dash + gap)
        {
            double e = Math.Min(length, s + dash);
            DrawLine(x0 + ux * s, y0 + uy * s, x0 + ux * e, y0 + uy * e, color, thickness);
        }
    }

    /// <summary>A filled disc centred at (cx, cy).</summary>
    public void FillCircle(double cx, double cy, double radius, ChartColor color) => DrawLine(cx, cy, cx, cy, color, 2 * radius);

    /// <summary>A copy of the pixels as a 3-channel image, for the encoders.</summary>
    public RgbImage ToImage() => new(Width, Height, 3, (byte[])_pixels.Clone());

    private static byte Mix(byte under, byte over, double weight) => (byte)Math.Round(under + (over - under) * weight);
}

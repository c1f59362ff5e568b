using System.Globalization;
using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Synthetic;

/// <summary>
/// A rectangle of every synthetic image, in fractions of its width and height (0,0 top left; x1, y1 exclusive), that
/// alone carries the pair label: see <see cref="SyntheticOptions.SignalRegion"/>. Fractions, not pixels, so the region
/// is the same part of the image at any --image-size a model is trained at.
/// </summary>
public sealed record SignalRegion(double X0, double Y0, double X1, double Y1)
{
    /// <summary>Cells of the code painted in the region: a Columns x Rows grid, one bit each.</summary>
    public const int Columns = 2, Rows = 2;

    /// <summary>How many different codes a gene can carry.</summary>
    public const int Codes = 1 << (Columns * Rows);

    public double Area => (X1 - X0) * (Y1 - Y0);

    /// <summary>True if the centre of pixel (x, y) of a width x height image lies in the region.</summary>
    public bool Contains(int x, int y, int width, int height)
    {
        double fx = (x + 0.5) / width, fy = (y + 0.5) / height;
        return fx >= X0 && fx < X1 && fy >= Y0 && fy < Y1;
    }

    /// <summary>The code bit (0 .. Columns*Rows-1) that pixel (x, y) of the region shows; -1 outside it.</summary>
    public int CellOf(int x, int y, int width, int height)
    {
        if (!Contains(x, y, width, height)) return -1;
        double fx = ((x + 0.5) / width - X0) / (X1 - X0), fy = ((y + 0.5) / height - Y0) / (Y1 - Y0);
        int column = Math.Min(Columns - 1, (int)(fx * Columns)), row = Math.Min(Rows - 1, (int)(fy * Rows));
        return row * Columns + column;
    }

    /// <summary>Parses "x0,y0,x1,y1" (fractions 0..1, x0 &lt; x1, y0 &lt; y1), as given to <paramref name="option"/>.</summary>
    public static SignalRegion Parse(string text, string option = "--signal-region")
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        bool numbers = parts.Length == 4 && parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok);
        if (!numbers || values.Any(v => !(v >= 0 && v <= 1)) || values[0] >= values[2] || values[1] >= values[3])
            throw new GrnException($"{option} {text}: expected x0,y0,x1,y1 as fractions of the image width and height (0 to 1, x0 < x1, y0 < y1), e.g. 0.05,0.1,0.35,0.5");
        return new SignalRegion(values[0], values[1], values[2], values[3]);
    }

    public override string ToString() => FormattableString.Invariant($"{X0:0.###},{Y0:0.###},{X1:0.###},{Y1:0.###}");
}

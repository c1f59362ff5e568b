namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// A tiny built-in bitmap font for raster charts: 5-pixel-wide glyphs on a 6-pixel advance, capitals and digits
/// 7 rows tall, lower-case descenders 2 rows below that (9 rows in all), drawn at an integer scale. Covers digits,
/// A-Z, a-z, space and . , - + ( ) : / % ? _ = ' ! [ ] * # | ±; any other character is drawn as '?'.
/// </summary>
public static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int Advance = 6;
    public const int CapRows = 7;
    public const int Rows = 9;

    // '#' is ink; rows are separated by '|'; a glyph with 7 rows has nothing below the baseline.
    private static readonly Dictionary<char, string> Source = new()
    {
        [' '] = ".....|.....|.....|.....|.....|.....|.....",
        ['0'] = ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
        ['1'] = "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
        ['2'] = ".###.|#...#|....#|...#.|..#..|.#...|#####",
        ['3'] = "#####|...#.|..#..|...#.|....#|#...#|.###.",
        ['4'] = "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
        ['5'] = "#####|#....|####.|....#|....#|#...#|.###.",
        ['6'] = "..##.|.#...|#....|####.|#...#|#...#|.###.",
        ['7'] = "#####|....#|...#.|..#..|.#...|.#...|.#...",
        ['8'] = ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
        ['9'] = ".###.|#...#|#...#|.####|....#|...#.|.##..",
        ['A'] = ".###.|#...#|#...#|#####|#...#|#...#|#...#",
        ['B'] = "####.|#...#|#...#|####.|#...#|#...#|####.",
        ['C'] = ".###.|#...#|#....|#....|#....|#...#|.###.",
        ['D'] = "###..|#..#.|#...#|#...#|#...#|#..#.|###..",
        ['E'] = "#####|#....|#....|####.|#....|#....|#####",
        ['F'] = "#####|#....|#....|####.|#....|#....|#....",
        ['G'] = ".###.|#...#|#....|#.###|#...#|#...#|.####",
        ['H'] = "#...#|#...#|#...#|#####|#...#|#...#|#...#",
        ['I'] = ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
        ['J'] = "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
        ['K'] = "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
        ['L'] = "#....|#....|#....|#....|#....|#....|#####",
        ['M'] = "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
        ['N'] = "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
        ['O'] = ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
        ['P'] = "####.|#...#|#...#|####.|#....|#....|#....",
        ['Q'] = ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
        ['R'] = "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
        ['S'] = ".####|#....|#....|.###.|....#|....#|####.",
        ['T'] = "#####|..#..|..#..|..#..|..#..|..#..|..#..",
        ['U'] = "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
        ['V'] = "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
        ['W'] = "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
        ['X'] = "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
        ['Y'] = "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
        ['Z'] = "#####|....#|...#.|..#..|.#...|#....|#####",
        ['a'] = ".....|.....|.###.|....#|.####|#...#|.####",
        ['b'] = "#....|#....|#.##.|##..#|#...#|#...#|####.",
        ['c'] = ".....|.....|.###.|#....|#....|#...#|.###.",
        ['d'] = "....#|....#|.##.#|#..##|#...#|#...#|.####",
        ['e'] = ".....|.....|.###.|#...#|#####|#....|.###.",
        ['f'] = "..##.|.#..#|.#...|###..|.#...|.#...|.#...",
        ['g'] = ".....|.....|.####|#...#|#...#|#...#|.####|....#|.###.",
        ['h'] = "#....|#....|#.##.|##..#|#...#|#...#|#...#",
        ['i'] = "..#..|.....|.##..|..#..|..#..|..#..|.###.",
        ['j'] = "...#.|.....|..##.|...#.|...#.|...#.|...#.|#..#.|.##..",
        ['k'] = "#....|#....|#..#.|#.#..|##...|#.#..|#..#.",
        ['l'] = ".##..|..#..|..#..|..#..|..#..|..#..|.###.",
        ['m'] = ".....|.....|##.#.|#.#.#|#.#.#|#.#.#|#.#.#",
        ['n'] = ".....|.....|#.##.|##..#|#...#|#...#|#...#",
        ['o'] = ".....|.....|.###.|#...#|#...#|#...#|.###.",
        ['p'] = ".....|.....|####.|#...#|#...#|#...#|####.|#....|#....",
        ['q'] = ".....|.....|.####|#...#|#...#|#...#|.####|....#|....#",
        ['r'] = ".....|.....|#.##.|##..#|#....|#....|#....",
        ['s'] = ".....|.....|.###.|#....|.###.|....#|####.",
        ['t'] = ".#...|.#...|###..|.#...|.#...|.#..#|..##.",
        ['u'] = ".....|.....|#...#|#...#|#...#|#..##|.##.#",
        ['v'] = ".....|.....|#...#|#...#|#...#|.#.#.|..#..",
        ['w'] = ".....|.....|#...#|#...#|#.#.#|#.#.#|.#.#.",
        ['x'] = ".....|.....|#...#|.#.#.|..#..|.#.#.|#...#",
        ['y'] = ".....|.....|#...#|#...#|#...#|#...#|.####|....#|.###.",
        ['z'] = ".....|.....|#####|...#.|..#..|.#...|#####",
        ['.'] = ".....|.....|.....|.....|.....|.##..|.##..",
        [','] = ".....|.....|.....|.....|.....|.##..|.##..|..#..|.#...",
        ['-'] = ".....|.....|.....|.###.|.....|.....|.....",
        ['+'] = ".....|..#..|..#..|#####|..#..|..#..|.....",
        ['('] = "...#.|..#..|.#...|.#...|.#...|..#..|...#.",
        [')'] = ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
        [':'] = ".....|.##..|.##..|.....|.##..|.##..|.....",
        ['/'] = "....#|....#|...#.|..#..|.#...|#....|#....",
        ['%'] = "##..#|##..#|...#.|..#..|.#...|#..##|#..##",
        ['?'] = ".###.|#...#|....#|...#.|..#..|.....|..#..",
        ['_'] = ".....|.....|.....|.....|.....|.....|#####",
        ['='] = ".....|.....|#####|.....|#####|.....|.....",
        ['\''] = "..#..|..#..|.#...|.....|.....|.....|.....",
        ['!'] = "..#..|..#..|..#..|..#..|..#..|.....|..#..",
        ['['] = ".###.|.#...|.#...|.#...|.#...|.#...|.###.",
        [']'] = ".###.|...#.|...#.|...#.|...#.|...#.|.###.",
        ['*'] = ".....|..#..|#.#.#|.###.|#.#.#|..#..|.....",
        ['#'] = ".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#.",
        ['|'] = "..#..|..#..|..#..|..#..|..#..|..#..|..#..",
        ['±'] = "..#..|..#..|#####|..#..|..#..|.....|#####",
    };

    private static readonly Dictionary<char, byte[]> Glyphs = Parse();

    /// <summary>The characters with a glyph of their own.</summary>
    public static IReadOnlyCollection<char> Characters => Glyphs.Keys;

    public static bool HasGlyph(char c) => Glyphs.ContainsKey(c);

    /// <summary>Width in pixels of <paramref name="text"/> drawn at <paramref name="scale"/> (no trailing gap).</summary>
    public static int Measure(string text, int scale) => text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;

    /// <summary>Height in pixels of a line of text, descenders included.</summary>
    public static int LineHeight(int scale) => Rows * scale;

    /// <summary>Height in pixels of capitals and digits.</summary>
    public static int CapHeight(int scale) => CapRows * scale;

    /// <summary>Whether pixel (column, row) of the glyph for <paramref name="c"/> is ink; row 0 is the top.</summary>
    public static bool Ink(char c, int column, int row)
    {
        var rows = Glyphs.TryGetValue(c, out var g) ? g : Glyphs['?'];
        return column is >= 0 and < GlyphWidth && row is >= 0 and < Rows && (rows[row] & (1 << (GlyphWidth - 1 - column))) != 0;
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its box's top-left corner at (<paramref name="x"/>, <paramref name="y"/>).
    /// Vertical text is turned a quarter turn anticlockwise (read bottom to top, as y-axis labels are): its box is
    /// <see cref="LineHeight"/> wide and <see cref="Measure"/> tall.
    /// </summary>
    public static void Draw(Canvas canvas, string text, int x, int y, int scale, ChartColor color, bool vertical = false)
    {
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "expected a scale of at least 1");
        int width = Measure(text, scale);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            for (int row = 0; row < Rows; row++)
                for (int col = 0; col < GlyphWidth; col++)
                {
                    if (!Ink(c, col, row)) continue;
                    int u = (i * Advance + col) * scale, v = row * scale; // along the text, down from its top
                    if (vertical)
                        canvas.FillRect(x + v, y + width - u - scale, scale, scale, color);
                    else
                        canvas.FillRect(x + u, y + v, scale, scale, color);
                }
        }
    }

    private static Dictionary<char, byte[]> Parse()
    {
        var glyphs = new Dictionary<char, byte[]>();
        foreach (var (c, source) in Source)
        {
            var lines = source.Split('|');
            if (lines.Length is not (CapRows or Rows) || lines.Any(l => l.Length != GlyphWidth))
                throw new InvalidOperationException($"glyph '{c}' is malformed: expected {CapRows} or {Rows} rows of {GlyphWidth} columns");
            var rows = new byte[Rows];
            for (int r = 0; r < lines.Length; r++)
                for (int k = 0; k < GlyphWidth; k++)
                    if (lines[r][k] == '#') rows[r] |= (byte)(1 << (GlyphWidth - 1 - k));
            glyphs[c] = rows;
        }
        return glyphs;
    }
}

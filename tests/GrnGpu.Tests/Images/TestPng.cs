using System.IO.Compression;

namespace GrnGpu.Tests.Images;

/// <summary>
/// A PNG writer for tests, independent of the product code: its own filters (and System.IO.Hashing's CRC-32), so a bug in
/// the decoder cannot be mirrored by the encoder that feeds it.
/// </summary>
internal static class TestPng
{
    /// <param name="samples">Unfiltered rows, each width * samplesPerPixel bytes (or packed bits for depth &lt; 8).</param>
    /// <param name="filters">Filter type per row (cycled).</param>
    public static byte[] Encode(int width, int height, int colorType, int bitDepth, byte[][] samples, int[] filters,
        byte[]? palette = null, byte[]? trns = null, int interlace = 0, int idatPieces = 1)
    {
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int bpp = Math.Max(1, channels * bitDepth / 8);
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            int f = filters[y % filters.Length];
            var cur = samples[y];
            var prev = y > 0 ? samples[y - 1] : new byte[cur.Length];
            raw.WriteByte((byte)f);
            for (int i = 0; i < cur.Length; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                int predictor = f switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => Paeth(a, b, c),
                };
                raw.WriteByte((byte)(cur[i] - predictor));
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(raw.ToArray());
        byte[] idat = compressed.ToArray();

        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BigEndian(ihdr, 0, (uint)width);
        BigEndian(ihdr, 4, (uint)height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = (byte)interlace;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "tEXt", "Comment\0test"u8.ToArray()); // an ancillary chunk the decoder must skip
        if (palette != null) Chunk(png, "PLTE", palette);
        if (trns != null) Chunk(png, "tRNS", trns);
        int piece = (idat.Length + idatPieces - 1) / idatPieces;
        for (int at = 0; at < idat.Length; at += piece)
            Chunk(png, "IDAT", idat.AsSpan(at, Math.Min(piece, idat.Length - at)).ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BigEndian(head, 0, (uint)data.Length);
        for (int i = 0; i < 4; i++) head[4 + i] = (byte)type[i];
        s.Write(head);
        s.Write(data);
        var crcInput = head.AsSpan(4).ToArray().Concat(data).ToArray();
        var crc = new byte[4];
        BigEndian(crc, 0, Crc32(crcInput));
        s.Write(crc);
    }

    /// <summary>The chunk CRC (CRC-32, IEEE 802.3) from System.IO.Hashing, not from product code.</summary>
    public static uint Crc32(byte[] data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    private static void BigEndian(byte[] b, int at, uint v)
    {
        b[at] = (byte)(v >> 24);
        b[at + 1] = (byte)(v >> 16);
        b[at + 2] = (byte)(v >> 8);
        b[at + 3] = (byte)v;
    }
}

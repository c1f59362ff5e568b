namespace GrnGpu.Tests.Images;

/// <summary>Builds BMP variants byte by byte for tests (independent of BmpEncoder, which only writes 24-bit).</summary>
internal static class TestBmp
{
    /// <param name="rgba">Top-down RGBA pixels, 4 bytes each.</param>
    /// <param name="headerSize">40, 108 or 124.</param>
    /// <param name="bits">1, 4, 8 (palette from <paramref name="palette"/>), 16 (5-5-5), 24 or 32.</param>
    /// <param name="bitfields">32-bit only: store with BI_BITFIELDS masks R 0x00FF0000, G 0x0000FF00, B 0x000000FF, A 0xFF000000.</param>
    public static byte[] Build(int width, int height, byte[] rgba, int bits, bool topDown = false, int headerSize = 40,
        bool bitfields = false, byte[][]? palette = null, int[]? indices = null)
    {
        int stride = (width * bits + 31) / 32 * 4;
        int paletteEntries = bits <= 8 ? palette!.Length : 0;
        int masksAfterHeader = bitfields && headerSize == 40 ? 12 : 0;
        int offset = 14 + headerSize + masksAfterHeader + paletteEntries * 4;
        var f = new byte[offset + stride * height];
        f[0] = (byte)'B';
        f[1] = (byte)'M';
        W32(f, 2, f.Length);
        W32(f, 10, offset);
        W32(f, 14, headerSize);
        W32(f, 18, width);
        W32(f, 22, topDown ? -height : height);
        W16(f, 26, 1);
        W16(f, 28, bits);
        W32(f, 30, bitfields ? 3 : 0);
        W32(f, 46, paletteEntries);
        if (bitfields)
        {
            const int at = 54; // after a 40-byte header, or inside a V4/V5 one: the same offset
            W32(f, at, 0x00FF0000);
            W32(f, at + 4, 0x0000FF00);
            W32(f, at + 8, 0x000000FF);
            if (headerSize > 40) W32(f, at + 12, unchecked((int)0xFF000000));
        }
        for (int i = 0; i < paletteEntries; i++)
        {
            int p = 14 + headerSize + masksAfterHeader + i * 4;
            f[p] = palette![i][2];
            f[p + 1] = palette[i][1];
            f[p + 2] = palette[i][0];
        }
        for (int y = 0; y < height; y++)
        {
            int row = offset + (topDown ? y : height - 1 - y) * stride;
            for (int x = 0; x < width; x++)
            {
                int s = (y * width + x) * 4;
                byte r = rgba[s], g = rgba[s + 1], b = rgba[s + 2], a = rgba[s + 3];
                switch (bits)
                {
                    case 24:
                        f[row + x * 3] = b; f[row + x * 3 + 1] = g; f[row + x * 3 + 2] = r;
                        break;
                    case 32:
                        f[row + x * 4] = b; f[row + x * 4 + 1] = g; f[row + x * 4 + 2] = r; f[row + x * 4 + 3] = a;
                        break;
                    case 16:
                        int v = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3);
                        f[row + x * 2] = (byte)v; f[row + x * 2 + 1] = (byte)(v >> 8);
                        break;
                    default:
                        int index = indices![y * width + x];
                        int perByte = 8 / bits;
                        f[row + x / perByte] |= (byte)(index << (8 - bits * (x % perByte + 1)));
                        break;
                }
            }
        }
        return f;
    }

    private static void W32(byte[] b, int at, int v) { b[at] = (byte)v; b[at + 1] = (byte)(v >> 8); b[at + 2] = (byte)(v >> 16); b[at + 3] = (byte)(v >> 24); }
    private static void W16(byte[] b, int at, int v) { b[at] = (byte)v; b[at + 1] = (byte)(v >> 8); }
}

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// Writes 24-bit uncompressed bottom-up BMPs with a BITMAPINFOHEADER: the exact variant BDGP publishes, so
/// synthetic images exercise the same decoding path as real ones. Alpha, if any, is dropped.
/// </summary>
public static class BmpEncoder
{
    public static byte[] Encode(RgbImage image)
    {
        int w = image.Width, h = image.Height, c = image.Channels;
        int stride = (w * 3 + 3) & ~3;
        int pixelBytes = stride * h;
        const int offset = 14 + 40;
        var bmp = new byte[offset + pixelBytes];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        Put32(bmp, 2, bmp.Length);
        Put32(bmp, 10, offset);
        Put32(bmp, 14, 40);
        Put32(bmp, 18, w);
        Put32(bmp, 22, h); // positive height: rows stored bottom-up
        Put16(bmp, 26, 1);
        Put16(bmp, 28, 24);
        Put32(bmp, 34, pixelBytes);
        Put32(bmp, 38, 2835); // 72 dpi, as PIL writes
        Put32(bmp, 42, 2835);
        var src = image.Pixels;
        for (int y = 0; y < h; y++)
        {
            int d = offset + (h - 1 - y) * stride;
            int s = y * w * c;
            for (int x = 0; x < w; x++, d += 3, s += c)
            {
                bmp[d] = src[s + 2];
                bmp[d + 1] = src[s + 1];
                bmp[d + 2] = src[s];
            }
        }
        return bmp;
    }

    /// <summary>Writes to a temporary name beside <paramref name="path"/> and renames, so a crash never leaves half a file.</summary>
    public static void WriteFile(string path, RgbImage image) => AtomicFile.Write(path, s => s.Write(Encode(image)));

    private static void Put32(byte[] b, int at, int v) => System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at), v);
    private static void Put16(byte[] b, int at, short v) => System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(at), v);
}

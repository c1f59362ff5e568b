using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// Writes non-interlaced 8-bit PNGs: colour type 2 (RGB) for 3-channel images, 6 (RGBA) for 4-channel ones.
/// Each row gets the filter (none, sub, up, average or Paeth) with the smallest sum of absolute signed residuals,
/// the usual heuristic; the filtered rows are deflated by <see cref="ZLibStream"/> into one IDAT chunk, and every
/// chunk carries its <see cref="Crc32"/>. <see cref="Data.Images.ImageDecoder"/> reads the result back.
/// </summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Encode(RgbImage image, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        int bpp = image.Channels, rowBytes = image.Width * bpp;
        using var output = new MemoryStream();
        output.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8;                              // bits per sample
        header[9] = (byte)(bpp == 4 ? 6 : 2);       // RGBA or RGB
        // compression 0 (deflate), filter method 0, interlace 0 (none): already zero
        WriteChunk(output, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, level, leaveOpen: true))
            {
                var filtered = new byte[1 + rowBytes];
                var trial = new byte[rowBytes];
                var pixels = image.Pixels;
                for (int y = 0; y < image.Height; y++)
                {
                    var cur = pixels.AsSpan(y * rowBytes, rowBytes);
                    var prev = y == 0 ? ReadOnlySpan<byte>.Empty : pixels.AsSpan((y - 1) * rowBytes, rowBytes);
                    long best = long.MaxValue;
                    for (int filter = 0; filter <= 4; filter++)
                    {
                        long cost = Filter(filter, cur, prev, bpp, trial);
                        if (cost < best)
                        {
                            best = cost;
                            filtered[0] = (byte)filter;
                            trial.CopyTo(filtered, 1);
                        }
                    }
                    z.Write(filtered);
                }
            }
            WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Filters one row (an empty <paramref name="prev"/> is the row of zeros above the first) into <paramref name="dst"/>; returns the heuristic cost.</summary>
    private static long Filter(int filter, ReadOnlySpan<byte> cur, ReadOnlySpan<byte> prev, int bpp, Span<byte> dst)
    {
        long cost = 0;
        for (int i = 0; i < cur.Length; i++)
        {
            int a = i >= bpp ? cur[i - bpp] : 0;
            int b = prev.IsEmpty ? 0 : prev[i];
            int c = i >= bpp && !prev.IsEmpty ? prev[i - bpp] : 0;
            int predictor = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                _ => Paeth(a, b, c),
            };
            byte residual = (byte)(cur[i] - predictor);
            dst[i] = residual;
            cost += Math.Abs((int)(sbyte)residual);
        }
        return cost;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> body)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, body.Length);
        Encoding.ASCII.GetBytes(type, head[4..]);
        uint crc = Crc32.Append(Crc32.Compute(head[4..]), body);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        output.Write(head);
        output.Write(body);
        output.Write(tail);
    }
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// PNG decoder for non-interlaced images of every colour type (grey, grey+alpha, RGB, RGBA, palette) at bit
/// depth 8, plus 1/2/4-bit grey and palette and 16-bit samples (reduced to their high byte, as PIL does when
/// it opens them as 8-bit modes). Every chunk CRC is checked; the IDAT chunks are concatenated and inflated
/// with <see cref="ZLibStream"/>; all five row filters are undone. Interlaced (Adam7) files get a clear error.
/// </summary>
public static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Signature);

    public static RgbImage Decode(ReadOnlySpan<byte> data, string file)
    {
        if (!HasSignature(data))
            throw new ImageFormatException(file, 0, "expected the 8-byte PNG signature");

        Header? header = null;
        byte[]? palette = null;   // RGB triples
        byte[]? paletteAlpha = null;
        using var idat = new MemoryStream();
        bool ended = false;
        int pos = 8;
        while (!ended)
        {
            if (pos + 12 > data.Length)
                throw new ImageFormatException(file, pos, "file truncated: expected a chunk header (length and type)" + (header == null ? "" : " or the IEND chunk"));
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            var type = data.Slice(pos + 4, 4);
            if (length > int.MaxValue || pos + 12L + length > data.Length)
                throw new ImageFormatException(file, pos,
                    $"file truncated or chunk length corrupt: chunk '{ChunkName(type)}' of {length} bytes runs past the end of the file ({data.Length} bytes)");
            var body = data.Slice(pos + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]);
            uint actual = Crc32.Compute(data.Slice(pos + 4, 4 + (int)length));
            string name = ChunkName(type);
            if (stored != actual)
                throw new ImageFormatException(file, pos + 8 + length, $"CRC mismatch in chunk '{name}': stored 0x{stored:X8}, computed 0x{actual:X8} (the file is corrupt)");
            if (header == null && name != "IHDR")
                throw new ImageFormatException(file, pos, $"chunk '{name}': expected IHDR as the first chunk");

            switch (name)
            {
                case "IHDR":
                    if (header != null) throw new ImageFormatException(file, pos, "a second IHDR chunk");
                    header = ReadHeader(body, file, pos + 8);
                    break;
                case "PLTE":
                    if (length % 3 != 0 || length == 0 || length > 768)
                        throw new ImageFormatException(file, pos, $"PLTE chunk of {length} bytes: expected a multiple of 3, at most 768");
                    palette = body.ToArray();
                    break;
                case "tRNS":
                    if (header!.ColorType == 3) paletteAlpha = body.ToArray(); // colour-key transparency of other types is ignored
                    break;
                case "IDAT":
                    idat.Write(body);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    // Critical chunks have an upper-case first letter: one we do not know changes the image's meaning.
                    if ((type[0] & 0x20) == 0)
                        throw new ImageFormatException(file, pos, $"unknown critical chunk '{name}'");
                    break;
            }
            pos += 12 + (int)length;
        }

        var h = header!;
        if (h.ColorType == 3 && palette == null)
            throw new ImageFormatException(file, null, "palette image without a PLTE chunk");
        if (idat.Length == 0)
            throw new ImageFormatException(file, null, "no IDAT chunk: the image has no pixel data");

        long rowBytes = ((long)h.Width * h.BitsPerPixel + 7) / 8;
        long rawLength = h.Height * (rowBytes + 1);
        var raw = Inflate(idat, rawLength, file);
        Unfilter(raw, (int)rowBytes, h.Height, Math.Max(1, h.BitsPerPixel / 8), file);
        return ToRgb(raw, h, (int)rowBytes, palette, paletteAlpha, file);
    }

    private sealed record Header(int Width, int Height, int BitDepth, int ColorType)
    {
        public int SamplesPerPixel => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        public int BitsPerPixel => SamplesPerPixel * BitDepth;
    }

    private static Header ReadHeader(ReadOnlySpan<byte> body, string file, long at)
    {
        if (body.Length != 13)
            throw new ImageFormatException(file, at, $"IHDR of {body.Length} bytes: expected 13");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8], colorType = body[9];
        ImageLimits.Check(file, at, width, height);
        bool depthOk = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => throw new ImageFormatException(file, at + 9, $"colour type {colorType}: expected 0 (grey), 2 (RGB), 3 (palette), 4 (grey+alpha) or 6 (RGBA)"),
        };
        if (!depthOk)
            throw new ImageFormatException(file, at + 8, $"bit depth {depth} is not valid for colour type {colorType}");
        if (body[10] != 0) throw new ImageFormatException(file, at + 10, $"compression method {body[10]}: expected 0 (deflate)");
        if (body[11] != 0) throw new ImageFormatException(file, at + 11, $"filter method {body[11]}: expected 0");
        if (body[12] == 1)
            throw new ImageFormatException(file, at + 12, "interlaced (Adam7) PNG is not supported; re-save the image without interlacing");
        if (body[12] != 0) throw new ImageFormatException(file, at + 12, $"interlace method {body[12]}: expected 0");
        return new Header((int)width, (int)height, depth, colorType);
    }

    private static byte[] Inflate(MemoryStream idat, long expected, string file)
    {
        var raw = new byte[expected];
        idat.Position = 0;
        int got = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            while (got < raw.Length)
            {
                int n = z.Read(raw, got, raw.Length - got);
                if (n == 0) break;
                got += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageFormatException(file, null, $"corrupt compressed image data (IDAT): {e.Message}", e);
        }
        if (got < raw.Length)
            throw new ImageFormatException(file, null, $"image data truncated: the IDAT stream inflates to {got} bytes, expected {expected}");
        return raw;
    }

    /// <summary>Undoes the per-row filters in place; row r occupies raw[r*(rowBytes+1)], filter byte first.</summary>
    private static void Unfilter(byte[] raw, int rowBytes, int height, int bpp, string file)
    {
        int stride = rowBytes + 1;
        for (int y = 0; y < height; y++)
        {
            int start = y * stride;
            int filter = raw[start];
            var cur = raw.AsSpan(start + 1, rowBytes);
            var prev = y == 0 ? Span<byte>.Empty : raw.AsSpan(start - stride + 1, rowBytes);
            switch (filter)
            {
                case 0: break;
                case 1:
                    for (int i = bpp; i < rowBytes; i++) cur[i] += cur[i - bpp];
                    break;
                case 2:
                    if (y > 0) for (int i = 0; i < rowBytes; i++) cur[i] += prev[i];
                    break;
                case 3:
                    for (int i = 0; i < rowBytes; i++)
                    {
                        int left = i >= bpp ? cur[i - bpp] : 0;
                        int up = y > 0 ? prev[i] : 0;
                        cur[i] += (byte)((left + up) >> 1);
                    }
                    break;
                case 4:
                    for (int i = 0; i < rowBytes; i++)
                    {
                        int a = i >= bpp ? cur[i - bpp] : 0;
                        int b = y > 0 ? prev[i] : 0;
                        int c = i >= bpp && y > 0 ? prev[i - bpp] : 0;
                        cur[i] += Paeth(a, b, c);
                    }
                    break;
                default:
                    throw new ImageFormatException(file, null, $"row {y} has filter type {filter}: expected 0 to 4 (none, sub, up, average, Paeth)");
            }
        }
    }

    private static byte Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return (byte)a;
        return pb <= pc ? (byte)b : (byte)c;
    }

    private static RgbImage ToRgb(byte[] raw, Header h, int rowBytes, byte[]? palette, byte[]? paletteAlpha, string file)
    {
        bool alpha = h.ColorType is 4 or 6 || (h.ColorType == 3 && paletteAlpha != null);
        int channels = alpha ? 4 : 3;
        int w = h.Width;
        var dst = new byte[(long)w * h.Height * channels];
        int sampleBytes = h.BitDepth == 16 ? 2 : 1;
        int entries = palette == null ? 0 : palette.Length / 3;
        for (int y = 0; y < h.Height; y++)
        {
            var row = raw.AsSpan(y * (rowBytes + 1) + 1, rowBytes);
            int d = y * w * channels;
            for (int x = 0; x < w; x++, d += channels)
            {
                switch (h.ColorType)
                {
                    case 0:
                    {
                        byte v = h.BitDepth >= 8 ? row[x * sampleBytes] : ScaleLowDepth(PackedSample(row, x, h.BitDepth), h.BitDepth);
                        dst[d] = dst[d + 1] = dst[d + 2] = v;
                        break;
                    }
                    case 2:
                        dst[d] = row[x * 3 * sampleBytes];
                        dst[d + 1] = row[(x * 3 + 1) * sampleBytes];
                        dst[d + 2] = row[(x * 3 + 2) * sampleBytes];
                        break;
                    case 3:
                    {
                        int index = h.BitDepth == 8 ? row[x] : PackedSample(row, x, h.BitDepth);
                        if (index >= entries)
                            throw new ImageFormatException(file, null, $"palette index {index} at pixel ({x}, {y}): expected below {entries}, the size of PLTE");
                        dst[d] = palette![index * 3];
                        dst[d + 1] = palette[index * 3 + 1];
                        dst[d + 2] = palette[index * 3 + 2];
                        if (alpha) dst[d + 3] = index < paletteAlpha!.Length ? paletteAlpha[index] : (byte)255;
                        break;
                    }
                    case 4:
                        dst[d] = dst[d + 1] = dst[d + 2] = row[x * 2 * sampleBytes];
                        dst[d + 3] = row[(x * 2 + 1) * sampleBytes];
                        break;
                    default:
                        dst[d] = row[x * 4 * sampleBytes];
                        dst[d + 1] = row[(x * 4 + 1) * sampleBytes];
                        dst[d + 2] = row[(x * 4 + 2) * sampleBytes];
                        dst[d + 3] = row[(x * 4 + 3) * sampleBytes];
                        break;
                }
            }
        }
        return new RgbImage(w, h.Height, channels, dst);
    }

    /// <summary>Sample x of a row packed at 1, 2 or 4 bits, most significant bits first.</summary>
    private static int PackedSample(ReadOnlySpan<byte> row, int x, int depth)
    {
        int perByte = 8 / depth;
        int shift = 8 - depth * (x % perByte + 1);
        return (row[x / perByte] >> shift) & ((1 << depth) - 1);
    }

    private static byte ScaleLowDepth(int v, int depth) => (byte)(v * 255 / ((1 << depth) - 1));

    private static string ChunkName(ReadOnlySpan<byte> type)
    {
        Span<char> c = stackalloc char[4];
        for (int i = 0; i < 4; i++) c[i] = type[i] is >= 32 and < 127 ? (char)type[i] : '?';
        return new string(c);
    }
}

using System.Buffers.Binary;
using System.Numerics;

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// Windows BMP decoder: 1/4/8-bit palette, 16-bit (5-5-5 or bit fields), 24-bit BGR, 32-bit BGRX or bit
/// fields with alpha; bottom-up (positive height) and top-down (negative height) rows padded to 4 bytes;
/// BITMAPCOREHEADER (12), BITMAPINFOHEADER (40), the 52/56-byte variants, V4 (108) and V5 (124) headers.
/// RLE and embedded JPEG/PNG compression are rejected with a clear error. BDGP images are the 24-bit case.
/// </summary>
public static class BmpDecoder
{
    private const int FileHeaderSize = 14;
    private const uint BiRgb = 0, BiRle8 = 1, BiRle4 = 2, BiBitfields = 3, BiJpeg = 4, BiPng = 5, BiAlphaBitfields = 6;

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M';

    public static RgbImage Decode(ReadOnlySpan<byte> data, string file)
    {
        if (!HasSignature(data))
            throw new ImageFormatException(file, 0, "expected the BMP signature 'BM'");
        Need(data, file, 0, FileHeaderSize + 4, "the 14-byte file header and the DIB header size");
        uint pixelOffset = U32(data, 10);
        uint headerSize = U32(data, 14);
        if (headerSize is not (12 or 40 or 52 or 56 or 108 or 124))
            throw new ImageFormatException(file, 14,
                $"DIB header size {headerSize}: expected 12 (core), 40 (BITMAPINFOHEADER), 52, 56, 108 (V4) or 124 (V5)");
        Need(data, file, FileHeaderSize, (int)headerSize, $"the {headerSize}-byte DIB header");

        long width, height;
        int bitsPerPixel;
        uint compression = BiRgb, colorsUsed = 0;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadInt16LittleEndian(data[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        }
        else
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(data[22..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
            compression = U32(data, 30);
            colorsUsed = U32(data, 46);
        }
        bool topDown = height < 0;
        height = Math.Abs(height);
        ImageLimits.Check(file, 18, width, height);

        if (compression is BiRle8 or BiRle4)
            throw new ImageFormatException(file, 30, "run-length encoded (RLE) BMP is not supported; save as uncompressed BMP or PNG");
        if (compression is BiJpeg or BiPng)
            throw new ImageFormatException(file, 30, "BMP with embedded JPEG/PNG data is not supported; save as uncompressed BMP or PNG");
        if (compression is not (BiRgb or BiBitfields or BiAlphaBitfields))
            throw new ImageFormatException(file, 30, $"BMP compression {compression}: expected 0 (none) or 3/6 (bit fields)");
        if (bitsPerPixel is not (1 or 4 or 8 or 16 or 24 or 32))
            throw new ImageFormatException(file, headerSize == 12 ? 24 : 28, $"{bitsPerPixel} bits per pixel: expected 1, 4, 8, 16, 24 or 32");
        if (compression != BiRgb && bitsPerPixel is not (16 or 32))
            throw new ImageFormatException(file, 30, $"bit-field compression with {bitsPerPixel} bits per pixel: expected 16 or 32");

        int afterHeader = FileHeaderSize + (int)headerSize;
        int tableEnd = afterHeader;
        var masks = ReadMasks(data, file, headerSize, compression, bitsPerPixel, ref tableEnd);

        byte[]? palette = null;
        if (bitsPerPixel <= 8)
            palette = ReadPalette(data, file, headerSize, colorsUsed, bitsPerPixel, ref tableEnd);

        if (pixelOffset < tableEnd)
            throw new ImageFormatException(file, 10, $"pixel data offset {pixelOffset}: expected at least {tableEnd} (after the headers and colour table)");
        long stride = (width * bitsPerPixel + 31) / 32 * 4;
        long lastRowBytes = (width * bitsPerPixel + 7) / 8;
        long needed = (height - 1) * stride + lastRowBytes;
        if (pixelOffset + needed > data.Length)
            throw new ImageFormatException(file, data.Length,
                $"file truncated: {width} x {height} at {bitsPerPixel} bits needs {needed} bytes of pixel data from byte {pixelOffset}, the file has {Math.Max(0, data.Length - (long)pixelOffset)}");

        int w = (int)width, h = (int)height;
        bool alpha = masks is { } m && m.Alpha.Mask != 0;
        int channels = alpha ? 4 : 3;
        var pixels = new byte[w * h * channels];
        for (int row = 0; row < h; row++)
        {
            int y = topDown ? row : h - 1 - row;
            long rowStart = pixelOffset + row * stride;
            var src = data.Slice((int)rowStart, (int)Math.Min(stride, data.Length - rowStart));
            var dst = pixels.AsSpan(y * w * channels, w * channels);
            switch (bitsPerPixel)
            {
                case 24: Bgr24Row(src, dst, w); break;
                case 32 when masks is null: Bgrx32Row(src, dst, w); break;
                case 16 or 32: BitfieldRow(src, dst, w, bitsPerPixel, masks!.Value, channels); break;
                default: PaletteRow(src, dst, w, bitsPerPixel, palette!, file, rowStart, y); break;
            }
        }
        return new RgbImage(w, h, channels, pixels);
    }

    private static void Bgr24Row(ReadOnlySpan<byte> src, Span<byte> dst, int width)
    {
        for (int x = 0, s = 0, d = 0; x < width; x++, s += 3, d += 3)
        {
            dst[d] = src[s + 2];
            dst[d + 1] = src[s + 1];
            dst[d + 2] = src[s];
        }
    }

    // 32-bit without bit fields: B, G, R and an unused byte (PIL's "BGRX"), so no alpha channel.
    private static void Bgrx32Row(ReadOnlySpan<byte> src, Span<byte> dst, int width)
    {
        for (int x = 0, s = 0, d = 0; x < width; x++, s += 4, d += 3)
        {
            dst[d] = src[s + 2];
            dst[d + 1] = src[s + 1];
            dst[d + 2] = src[s];
        }
    }

    private static void BitfieldRow(ReadOnlySpan<byte> src, Span<byte> dst, int width, int bits, Masks masks, int channels)
    {
        for (int x = 0, d = 0; x < width; x++, d += channels)
        {
            uint p = bits == 16 ? BinaryPrimitives.ReadUInt16LittleEndian(src[(x * 2)..]) : BinaryPrimitives.ReadUInt32LittleEndian(src[(x * 4)..]);
            dst[d] = masks.Red.Extract(p);
            dst[d + 1] = masks.Green.Extract(p);
            dst[d + 2] = masks.Blue.Extract(p);
            if (channels == 4) dst[d + 3] = masks.Alpha.Extract(p);
        }
    }

    private static void PaletteRow(ReadOnlySpan<byte> src, Span<byte> dst, int width, int bits, byte[] palette, string file, long rowStart, int y)
    {
        int entries = palette.Length / 3;
        int perByte = 8 / bits, mask = (1 << bits) - 1;
        for (int x = 0, d = 0; x < width; x++, d += 3)
        {
            int b = src[x / perByte];
            int shift = 8 - bits * (x % perByte + 1);
            int index = (b >> shift) & mask;
            if (index >= entries)
                throw new ImageFormatException(file, rowStart + x / perByte,
                    $"palette index {index} at pixel ({x}, {y}): expected below {entries}, the size of the colour table");
            dst[d] = palette[index * 3];
            dst[d + 1] = palette[index * 3 + 1];
            dst[d + 2] = palette[index * 3 + 2];
        }
    }

    private static Masks? ReadMasks(ReadOnlySpan<byte> data, string file, uint headerSize, uint compression, int bits, ref int tableEnd)
    {
        if (bits == 16 && compression == BiRgb)
            return new Masks(new Channel(0x7C00), new Channel(0x03E0), new Channel(0x001F), new Channel(0)); // 5-5-5
        if (compression == BiRgb) return null;
        int at;
        int count = compression == BiAlphaBitfields ? 4 : 3;
        if (headerSize >= 52)
        {
            at = 54; // the masks are part of the header
            if (headerSize >= 56) count = 4;
        }
        else
        {
            at = tableEnd; // a 40-byte header is followed by 3 (or 4) DWORD masks
            Need(data, file, at, count * 4, $"{count} colour masks after the BITMAPINFOHEADER");
            tableEnd += count * 4;
        }
        var r = ChannelAt(data, file, at);
        var g = ChannelAt(data, file, at + 4);
        var b = ChannelAt(data, file, at + 8);
        var a = count == 4 ? ChannelAt(data, file, at + 12) : new Channel(0);
        return new Masks(r, g, b, a);
    }

    private static Channel ChannelAt(ReadOnlySpan<byte> data, string file, int at)
    {
        uint mask = U32(data, at);
        if (mask != 0)
        {
            uint shifted = mask >> BitOperations.TrailingZeroCount(mask);
            if ((shifted & (shifted + 1)) != 0)
                throw new ImageFormatException(file, at, $"colour mask 0x{mask:X8}: expected one contiguous run of bits");
        }
        return new Channel(mask);
    }

    private static byte[] ReadPalette(ReadOnlySpan<byte> data, string file, uint headerSize, uint colorsUsed, int bits, ref int tableEnd)
    {
        int max = 1 << bits;
        if (colorsUsed > max)
            throw new ImageFormatException(file, 46, $"{colorsUsed} colours used: expected at most {max} for {bits} bits per pixel");
        int count = colorsUsed == 0 ? max : (int)colorsUsed;
        int entrySize = headerSize == 12 ? 3 : 4; // core headers store B,G,R; the others B,G,R,0
        Need(data, file, tableEnd, count * entrySize, $"a colour table of {count} entries");
        var palette = new byte[count * 3];
        for (int i = 0; i < count; i++)
        {
            int s = tableEnd + i * entrySize;
            palette[i * 3] = data[s + 2];
            palette[i * 3 + 1] = data[s + 1];
            palette[i * 3 + 2] = data[s];
        }
        tableEnd += count * entrySize;
        return palette;
    }

    private static void Need(ReadOnlySpan<byte> data, string file, long at, int length, string what)
    {
        if (at + length > data.Length)
            throw new ImageFormatException(file, data.Length, $"file truncated: expected {what} at bytes {at}..{at + length - 1}");
    }

    private static uint U32(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);

    private readonly record struct Masks(Channel Red, Channel Green, Channel Blue, Channel Alpha);

    /// <summary>One colour mask, with the shift and width that scale its value to 0..255.</summary>
    private readonly struct Channel
    {
        public uint Mask { get; }
        private readonly int _shift, _bits;

        public Channel(uint mask)
        {
            Mask = mask;
            _shift = mask == 0 ? 0 : BitOperations.TrailingZeroCount(mask);
            _bits = BitOperations.PopCount(mask);
        }

        public byte Extract(uint pixel)
        {
            if (_bits == 0) return 0;
            uint v = (pixel & Mask) >> _shift;
            if (_bits == 8) return (byte)v;
            if (_bits > 8) return (byte)(v >> (_bits - 8));
            uint max = (1u << _bits) - 1;
            return (byte)((v * 255 + max / 2) / max);
        }
    }
}

using System.Numerics;

namespace GrnGpu.Tests.Images;

/// <summary>
/// Hand-made JPEG and GIF bytes for the cases SkiaSharp cannot encode: a CMYK JPEG and an animated GIF.
/// </summary>
internal static class TestJpegGif
{
    /// <summary>
    /// An 8 x 8 baseline JPEG with four components (C, M, Y, K, each one constant value) and an Adobe APP14 marker
    /// (transform 0), as Photoshop writes CMYK: DC coefficients only, quantisation 1, so each component decodes
    /// back to its value.
    /// </summary>
    public static byte[] CmykJpeg(byte c, byte m, byte y, byte k)
    {
        var o = new List<byte> { 0xFF, 0xD8 };
        void Segment(byte code, byte[] body)
        {
            int length = body.Length + 2;
            o.AddRange([0xFF, code, (byte)(length >> 8), (byte)length]);
            o.AddRange(body);
        }
        Segment(0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 0]);
        Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        Segment(0xC0, [8, 0, 8, 0, 8, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        var dcBits = new byte[16];
        dcBits[3] = 12; // DC categories 0..11, each a 4-bit code
        Segment(0xC4, [0x00, .. dcBits, .. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        var acBits = new byte[16];
        acBits[0] = 1; // AC: only end-of-block, the 1-bit code 0
        Segment(0xC4, [0x10, .. acBits, 0x00]);
        Segment(0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);
        var bits = new List<bool>();
        void Write(int value, int count)
        {
            for (int i = count - 1; i >= 0; i--) bits.Add(((value >> i) & 1) == 1);
        }
        foreach (byte v in new[] { c, m, y, k })
        {
            int dc = 8 * (v - 128); // the DCT of a constant block; every component's predictor starts at 0
            int category = dc == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(dc));
            Write(category, 4);
            if (category > 0) Write(dc > 0 ? dc : dc + (1 << category) - 1, category);
            Write(0, 1); // end of block
        }
        while (bits.Count % 8 != 0) bits.Add(true);
        for (int i = 0; i < bits.Count; i += 8)
        {
            byte b = 0;
            for (int j = 0; j < 8; j++) b = (byte)(b << 1 | (bits[i + j] ? 1 : 0));
            o.Add(b);
            if (b == 0xFF) o.Add(0);
        }
        o.AddRange([0xFF, 0xD9]);
        return o.ToArray();
    }

    /// <summary>
    /// A looping GIF89a with the given frames (palette indices 0..3, each frame the whole canvas) over a 4-colour
    /// global palette (12 bytes). The LZW stream sends a clear code before every second pixel, so the codes stay
    /// 3 bits wide and no dictionary entry is ever used.
    /// </summary>
    public static byte[] AnimatedGif(int width, int height, byte[] palette, params byte[][] frames)
    {
        var o = new List<byte>();
        o.AddRange("GIF89a"u8.ToArray());
        o.AddRange([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x81, 0, 0]);
        o.AddRange(palette);
        o.AddRange([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 3, 1, 0, 0, 0]);
        foreach (var frame in frames)
        {
            o.AddRange([0x21, 0xF9, 4, 0, 10, 0, 0, 0]);
            o.AddRange([0x2C, 0, 0, 0, 0, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0]);
            o.Add(2); // LZW minimum code size: codes 0..3 pixels, 4 clear, 5 end
            var data = new List<byte>();
            int acc = 0, filled = 0;
            void Code(int code)
            {
                acc |= code << filled;
                filled += 3;
                while (filled >= 8)
                {
                    data.Add((byte)acc);
                    acc >>= 8;
                    filled -= 8;
                }
            }
            for (int i = 0; i < frame.Length; i++)
            {
                if (i % 2 == 0) Code(4);
                Code(frame[i]);
            }
            Code(5);
            if (filled > 0) data.Add((byte)acc);
            for (int at = 0; at < data.Count; at += 255)
            {
                int n = Math.Min(255, data.Count - at);
                o.Add((byte)n);
                o.AddRange(data.Skip(at).Take(n));
            }
            o.Add(0);
        }
        o.Add(0x3B);
        return o.ToArray();
    }
}

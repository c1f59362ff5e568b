using System.Runtime.InteropServices;
using System.Text;

namespace GrnGpu.Models.Data;

/// <summary>
/// Writes NumPy .npy version 1.0 files of little-endian float32 ('&lt;f4'), C order, any shape: magic "\x93NUMPY",
/// version 1.0, a uint16 header length, then a Python dict literal padded with spaces so that data starts on a
/// 64-byte boundary, ending in '\n'. Written through <see cref="AtomicFile"/>.
/// </summary>
public static class NpyWriter
{
    public static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape)
    {
        long expected = shape.Aggregate(1L, (a, d) => a * d);
        if (expected != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {expected} values, data has {data.Length}");
        var copy = data.ToArray();
        AtomicFile.Write(path, stream =>
        {
            WriteHeader(stream, shape);
            WriteFloats(stream, copy);
        });
    }

    /// <summary>The header (magic, version, length, dict, padding) for a float32 C-order array.</summary>
    public static byte[] Header(IReadOnlyList<int> shape)
    {
        foreach (int d in shape) if (d < 0) throw new ArgumentException("negative dimension in shape");
        string dims = shape.Count switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {dims}, }}";
        const int preamble = 10; // magic 6 + version 2 + header length 2
        int total = preamble + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string text = dict + new string(' ', padded - total) + "\n";
        if (text.Length > ushort.MaxValue) throw new ArgumentException("shape too long for an .npy v1.0 header");
        var header = new byte[padded];
        Magic.CopyTo(header, 0);
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte)(text.Length & 0xFF);
        header[9] = (byte)(text.Length >> 8);
        Encoding.ASCII.GetBytes(text, 0, text.Length, header, preamble);
        return header;
    }

    /// <summary>Size in bytes of the .npy file of a float32 array of <paramref name="shape"/> (header + data).</summary>
    public static long Bytes(IReadOnlyList<int> shape) => Header(shape).Length + 4L * shape.Aggregate(1L, (a, d) => a * d);

    public static void WriteHeader(Stream stream, IReadOnlyList<int> shape) => stream.Write(Header(shape));

    /// <summary>Appends float32 values little-endian (the machine order on every platform .NET 10 targets here; checked).</summary>
    public static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported by NpyWriter");
        stream.Write(MemoryMarshal.AsBytes(values));
    }
}

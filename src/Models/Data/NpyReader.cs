using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace GrnGpu.Models.Data;

/// <summary>A float32 array read from an .npy file.</summary>
public sealed record NpyArray(int[] Shape, float[] Data);

/// <summary>Reads the .npy files <see cref="NpyWriter"/> writes (v1.0/2.0, '&lt;f4', C order); anything else is an error.</summary>
public static partial class NpyReader
{
    public static NpyArray Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(NpyWriter.Magic))
            throw new GrnDataException(path, "not an .npy file (bad magic)");
        int major = bytes[6];
        int headerLength, offset;
        if (major == 1) { headerLength = bytes[8] | bytes[9] << 8; offset = 10; }
        else if (major is 2 or 3 && bytes.Length >= 12) { headerLength = BitConverter.ToInt32(bytes, 8); offset = 12; }
        else throw new GrnDataException(path, $"unsupported .npy version {major}");
        if (headerLength < 0 || offset + headerLength > bytes.Length) throw new GrnDataException(path, "truncated .npy header");
        string header = Encoding.ASCII.GetString(bytes, offset, headerLength);
        if (!header.Contains("'descr': '<f4'")) throw new GrnDataException(path, $"only '<f4' arrays are supported: {header.Trim()}");
        if (!header.Contains("'fortran_order': False")) throw new GrnDataException(path, "only C-order arrays are supported");
        var match = ShapePattern().Match(header);
        if (!match.Success) throw new GrnDataException(path, $"no shape in header {header.Trim()}");
        int[] shape = match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        long count = shape.Aggregate(1L, (a, d) => a * d);
        int dataStart = offset + headerLength;
        if (bytes.Length - dataStart != count * 4)
            throw new GrnDataException(path, $"data holds {bytes.Length - dataStart} bytes, shape needs {count * 4}");
        var data = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(dataStart)).ToArray();
        return new NpyArray(shape, data);
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

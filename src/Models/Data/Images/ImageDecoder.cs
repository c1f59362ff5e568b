using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// Picks the decoder from the file's first bytes (never from its extension: BDGP mirrors contain mislabelled
/// files) and turns everything else into an <see cref="ImageFormatException"/> that names the format found.
/// </summary>
public static class ImageDecoder
{
    public static RgbImage DecodeFile(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnException($"{path}: cannot read the image file: {e.Message}", e);
        }
        return Decode(data, path);
    }

    public static GreyImage DecodeGreyFile(string path) => GreyImage.FromRgb(DecodeFile(path));

    /// <param name="data">The whole file.</param>
    /// <param name="file">The name used in error messages.</param>
    public static RgbImage Decode(ReadOnlySpan<byte> data, string file)
    {
        if (BmpDecoder.HasSignature(data)) return BmpDecoder.Decode(data, file);
        if (PngDecoder.HasSignature(data)) return PngDecoder.Decode(data, file);
        throw new ImageFormatException(file, 0, Describe(data));
    }

    private static string Describe(ReadOnlySpan<byte> d)
    {
        if (d.Length == 0) return "the file is empty: expected a BMP or PNG image";
        if (d.Length >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
            return "JPEG is not supported; convert to PNG or BMP";
        if (d.Length >= 4 && d[0] == 'G' && d[1] == 'I' && d[2] == 'F' && d[3] == '8')
            return "GIF is not supported; convert to PNG or BMP";
        if (d.Length >= 4 && ((d[0] == 'I' && d[1] == 'I' && d[2] == 42 && d[3] == 0) || (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 42)))
            return "TIFF is not supported; convert to PNG or BMP";
        if (d.Length >= 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F' && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P')
            return "WebP is not supported; convert to PNG or BMP";
        return $"unrecognised image format (first bytes {Convert.ToHexString(d[..Math.Min(8, d.Length)])}): expected a BMP ('BM') or PNG signature";
    }
}

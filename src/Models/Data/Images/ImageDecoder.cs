using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// The one image reader: every command (dataset build, train, evaluate, predict) decodes through here.
/// BMP, PNG, JPEG, GIF and WebP, by their first bytes, through SkiaSharp (<see cref="SkiaImageDecoder"/>); every
/// failure is an <see cref="ImageFormatException"/> naming the file and the problem.
/// </summary>
public static class ImageDecoder
{
    /// <summary>File extensions an image store indexes (any case).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".bmp", ".png", ".jpg", ".jpeg", ".gif", ".webp"];

    public static RgbImage DecodeFile(string path)
    {
        byte[] data;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > ImageLimits.MaxFileBytes)
                throw new ImageFormatException(path, null, $"file of {length} bytes is beyond the accepted maximum ({ImageLimits.MaxFileBytes} bytes)");
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
        if (data.Length > ImageLimits.MaxFileBytes)
            throw new ImageFormatException(file, null, $"{data.Length} bytes is beyond the accepted maximum ({ImageLimits.MaxFileBytes} bytes)");
        return SkiaImageDecoder.Decode(data, file);
    }
}

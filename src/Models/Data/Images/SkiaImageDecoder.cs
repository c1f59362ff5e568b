using SkiaSharp;

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// Decodes BMP, PNG, JPEG, GIF and WebP through SkiaSharp's codecs (libpng, libjpeg-turbo, libwebp and Skia's own
/// BMP and GIF readers) to 8-bit RGB(A), rows top-down, in three steps:
/// <list type="number">
/// <item>the format is picked from the first bytes (never from the extension: BDGP mirrors contain mislabelled
/// files); anything else, an empty file or a text file included, is refused naming what was found;</item>
/// <item>the codec reads the header only, and the size is checked against <see cref="ImageLimits"/> before any
/// pixel buffer is allocated;</item>
/// <item>the first frame (an animated GIF's first frame) is decoded to RGBA, unpremultiplied, without any colour
/// space conversion (the stored sample values, as PIL reads them). Anything but complete success, a truncated
/// file included, is an <see cref="ImageFormatException"/>: no partly decoded image is ever returned.</item>
/// </list>
/// Variants are decoded to 8 bits by Skia: 16-bit PNG samples are scaled to 8 bits (v * 255 / 65535 rounded,
/// within 1 of the high byte); CMYK and YCCK JPEGs (Adobe, inverted) become R = C*K/255, G = M*K/255,
/// B = Y*K/255; palette, grey and 1/2/4-bit images are expanded to RGB. Opaque images come back with 3 channels,
/// others with 4 (the alpha is kept, and ignored by the grey rule, as PIL does).
/// </summary>
public static class SkiaImageDecoder
{
    /// <summary>The formats accepted, by the name used in messages.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["BMP", "PNG", "JPEG", "GIF", "WebP"];

    public static RgbImage Decode(ReadOnlySpan<byte> data, string file)
    {
        var format = Sniff(data) ?? throw new ImageFormatException(file, 0, Describe(data));
        string name = Name(format);
        if (format == SKEncodedImageFormat.Webp)
        {
            // The RIFF header states the file's length; a shorter file is cut (Skia would call its header invalid).
            long stated = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[4..8]) + 8L;
            if (stated > data.Length)
                throw new ImageFormatException(file, 4, $"file truncated: the RIFF header states {stated} bytes, the file has {data.Length}");
        }
        using var skData = SKData.CreateCopy(data);
        // The codec owns the stream from here on (Skia deletes it with the codec, or at once when creation fails).
        var codec = SKCodec.Create(new SKMemoryStream(skData), out var created);
        if (codec == null)
            throw new ImageFormatException(file, null, Problem(name, created, header: true));
        using (codec)
        {
            if (codec.EncodedFormat != format)
                throw new ImageFormatException(file, 0, $"the {name} signature holds {codec.EncodedFormat} data");
            var info = codec.Info;
            ImageLimits.Check(file, null, info.Width, info.Height);
            bool opaque = info.AlphaType == SKAlphaType.Opaque;
            var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
            var rgba = new byte[(long)info.Width * info.Height * 4];
            SKCodecResult result;
            unsafe
            {
                fixed (byte* pixels = rgba)
                    result = codec.GetPixels(target, (IntPtr)pixels, target.RowBytes, new SKCodecOptions(0));
            }
            if (result != SKCodecResult.Success)
                throw new ImageFormatException(file, null, Problem(name, result, header: false));
            // libpng hands out the last row before the end of the zlib stream: a PNG cut after its pixels (the
            // checksum and IEND lost) decodes whole. A file without its IEND chunk is still a cut file.
            if (format == SKEncodedImageFormat.Png && data.IndexOf("IEND"u8) < 0)
                throw new ImageFormatException(file, data.Length, "file truncated: no IEND chunk (the PNG ends before its end marker)");
            if (!opaque) return new RgbImage(info.Width, info.Height, 4, rgba);
            var rgb = new byte[(long)info.Width * info.Height * 3];
            for (int s = 0, d = 0; d < rgb.Length; s += 4, d += 3)
            {
                rgb[d] = rgba[s];
                rgb[d + 1] = rgba[s + 1];
                rgb[d + 2] = rgba[s + 2];
            }
            return new RgbImage(info.Width, info.Height, 3, rgb);
        }
    }

    /// <summary>The format whose signature starts the data, or null.</summary>
    public static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> d)
    {
        if (d.Length >= 2 && d[0] == 'B' && d[1] == 'M') return SKEncodedImageFormat.Bmp;
        if (d.Length >= 8 && d[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return SKEncodedImageFormat.Png;
        if (d.Length >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return SKEncodedImageFormat.Jpeg;
        if (d.Length >= 6 && d[..6].SequenceEqual("GIF87a"u8) || d.Length >= 6 && d[..6].SequenceEqual("GIF89a"u8)) return SKEncodedImageFormat.Gif;
        if (d.Length >= 12 && d[..4].SequenceEqual("RIFF"u8) && d[8..12].SequenceEqual("WEBP"u8)) return SKEncodedImageFormat.Webp;
        return null;
    }

    private static string Name(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Bmp => "BMP",
        SKEncodedImageFormat.Png => "PNG",
        SKEncodedImageFormat.Jpeg => "JPEG",
        SKEncodedImageFormat.Gif => "GIF",
        SKEncodedImageFormat.Webp => "WebP",
        _ => format.ToString(),
    };

    private static string Problem(string name, SKCodecResult result, bool header) => result switch
    {
        SKCodecResult.IncompleteInput => header
            ? $"file truncated or corrupt: the {name} header ends early or is damaged"
            : $"file truncated: the {name} image data ends before the last pixel",
        SKCodecResult.ErrorInInput => $"corrupt {name} image data",
        SKCodecResult.InvalidInput => $"invalid or unsupported {name} header (a size, depth or field out of range)",
        SKCodecResult.Unimplemented => $"this {name} variant is not supported by the decoder",
        SKCodecResult.InvalidConversion => $"this {name} variant cannot be converted to 8-bit RGB",
        _ => $"the {name} decoder failed ({result})",
    };

    private static string Describe(ReadOnlySpan<byte> d)
    {
        const string expected = "expected a BMP, PNG, JPEG, GIF or WebP image";
        if (d.Length == 0) return $"the file is empty: {expected}";
        if (d.Length >= 4 && ((d[0] == 'I' && d[1] == 'I' && d[2] == 42 && d[3] == 0) || (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 42)))
            return "TIFF is not supported; convert to PNG, JPEG or BMP";
        return $"unrecognised image format (first bytes {Convert.ToHexString(d[..Math.Min(8, d.Length)])}): {expected}";
    }
}

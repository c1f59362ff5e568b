using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// A file that is not an image we can decode: wrong signature, unsupported variant, truncated or corrupt data.
/// The message names the file, the byte position (where one applies) and what was expected there, so a user can
/// find the offending file among thousands without a stack trace.
/// </summary>
public sealed class ImageFormatException : GrnException
{
    public string File { get; }
    public long? Position { get; }

    public ImageFormatException(string file, long? position, string problem)
        : base(Compose(file, position, problem))
    {
        File = file;
        Position = position;
    }

    public ImageFormatException(string file, long? position, string problem, Exception inner)
        : base(Compose(file, position, problem), inner)
    {
        File = file;
        Position = position;
    }

    private static string Compose(string file, long? position, string problem) =>
        position is long p ? $"{file}: at byte {p}: {problem}" : $"{file}: {problem}";
}

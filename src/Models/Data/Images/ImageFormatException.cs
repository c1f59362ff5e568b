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

    /// <summary>The message without the file name: "at byte N: problem" or "problem" (the reason column of rejected_images.tsv).</summary>
    public string Reason { get; }

    public ImageFormatException(string file, long? position, string problem)
        : base(Compose(file, position, problem))
    {
        File = file;
        Position = position;
        Reason = Compose(null, position, problem);
    }

    public ImageFormatException(string file, long? position, string problem, Exception inner)
        : base(Compose(file, position, problem), inner)
    {
        File = file;
        Position = position;
        Reason = Compose(null, position, problem);
    }

    private static string Compose(string? file, long? position, string problem)
    {
        string at = position is long p ? $"at byte {p}: {problem}" : problem;
        return file == null ? at : $"{file}: {at}";
    }
}

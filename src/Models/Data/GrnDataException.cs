using GrnGpu.Engine;

namespace GrnGpu.Models.Data;

/// <summary>
/// A user's data file is unreadable or malformed. The message always names the file and, where one exists,
/// the position (row/line and column) or gene and what was expected, so the CLI's one line is enough to fix it.
/// Every failure of a table reader surfaces as this type: callers (and the fuzz test) rely on that.
/// </summary>
public class GrnDataException : GrnException
{
    public string? FilePath { get; }

    public GrnDataException(string message) : base(message) { }

    public GrnDataException(string? filePath, string message, Exception? inner = null)
        // GrnException's parameter is declared non-null, but System.Exception accepts a null inner exception.
        : base(filePath == null ? message : $"{filePath}: {message}", inner!)
    {
        FilePath = filePath;
    }

    /// <summary>An error at one cell; <paramref name="position"/> is from <see cref="RawTable.Describe"/>.</summary>
    public static GrnDataException At(string filePath, string position, string message) =>
        new(filePath, $"{position}: {message}");
}

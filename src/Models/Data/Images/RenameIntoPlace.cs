namespace GrnGpu.Models.Data.Images;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place, so readers never see a
/// half-written file and an interrupted run leaves no truncated output behind.
/// </summary>
internal static class RenameIntoPlace
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> data)
    {
        string temp = TempName(path);
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                f.Write(data);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    private static string TempName(string path)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

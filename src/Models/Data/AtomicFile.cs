namespace GrnGpu.Models.Data;

/// <summary>
/// Writes a file under a temporary name in the destination folder and renames it into place, so a crash or an
/// error never leaves a half-written output behind (rename within one folder is atomic on the file systems we use).
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            // The temporary name is ours, not the user's: messages name the file being written.
            if (e is UnauthorizedAccessException)
                throw new GrnDataException(full, $"cannot write it (permission denied in {dir})", e);
            if (e is IOException io && !(io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)) && e is not FileNotFoundException)
                throw new GrnDataException(full, $"cannot write it ({io.Message.Replace(temp, full, StringComparison.Ordinal).TrimEnd('.')})", e);
            if (e is IOException full28)
                throw new IOException($"No space left on device while writing {full}", full28.HResult);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var writer = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(text);
        });
}

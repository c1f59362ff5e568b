namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>Quoting for the bash job scripts: what is safe stays as typed, everything else in single quotes.</summary>
public static class ShellWords
{
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@+%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}

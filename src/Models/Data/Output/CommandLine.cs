namespace GrnGpu.Models.Data.Output;

/// <summary>The command line of this process as a user would type it ("grn dataset build --out d ..."), for manifests and lock notes.</summary>
public static class CommandLine
{
    public static string Current()
    {
        var args = Environment.GetCommandLineArgs();
        // args[0] is grn.dll (or the test host); the rest are what the user typed.
        bool isGrn = args.Length > 0 && Path.GetFileNameWithoutExtension(args[0]) == "grn";
        return isGrn ? string.Join(' ', new[] { "grn" }.Concat(args.Skip(1).Select(Quote))) : $"(in process {Path.GetFileName(args.FirstOrDefault() ?? "?")})";
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}

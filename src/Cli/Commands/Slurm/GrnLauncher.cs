using System.Reflection;

namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>How a job script starts grn: the way this process was started, unless --grn-command says otherwise.</summary>
public static class GrnLauncher
{
    /// <summary>
    /// Shell words that run this grn: "dotnet /path/grn.dll" when started through the dotnet host (dotnet run, the
    /// tests), else the path of the grn executable itself. Absolute, so a task finds it from any working folder.
    /// </summary>
    public static string Current()
    {
        string process = Environment.ProcessPath ?? "grn";
        string? assembly = Assembly.GetEntryAssembly()?.Location;
        bool viaHost = Path.GetFileNameWithoutExtension(process) == "dotnet" && !string.IsNullOrEmpty(assembly);
        return viaHost ? $"{ShellWords.Quote(process)} {ShellWords.Quote(Path.GetFullPath(assembly!))}" : ShellWords.Quote(Path.GetFullPath(process));
    }
}

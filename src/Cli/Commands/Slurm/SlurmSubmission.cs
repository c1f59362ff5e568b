using System.Diagnostics;
using GrnGpu.Engine;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Output;

namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>
/// Writes the jobs folder (array.sbatch, merge.sbatch, submit.sh, logs/) and, with --submit, submits the array and
/// the merge held on it with sbatch. Everything the command checks is checked before this runs, so a refused
/// request submits nothing; the scripts are written before sbatch is looked for, so a machine without Slurm
/// still gets them.
/// </summary>
public static class SlurmSubmission
{
    public const string ArrayScript = "array.sbatch", MergeScript = "merge.sbatch", SubmitScript = "submit.sh", Logs = "logs", Shards = "shards";

    private static readonly string[] Own = [ArrayScript, MergeScript, SubmitScript, Logs, Shards];

    /// <summary>Refuses a jobs folder that holds anything but an earlier grn slurm's files (those are replaced).</summary>
    public static string RequireJobsFolder(string jobs)
    {
        string full = OutputChecks.RequireFolderLocation(jobs, "--jobs");
        if (!Directory.Exists(full)) return full;
        var foreign = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Where(n => !Own.Contains(n) && !n!.StartsWith('.'))
            .Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
            throw new GrnException($"--jobs {jobs}: the folder holds {string.Join(", ", foreign.Take(3))}{(foreign.Count > 3 ? ", ..." : "")}, " +
                                   "which grn slurm did not write; choose a new or empty folder for the job scripts");
        return full;
    }

    public static int Write(string jobsDir, SlurmJob array, SlurmJob merge, SlurmResources resources, bool submit)
    {
        string logs = Path.Combine(jobsDir, Logs);
        Directory.CreateDirectory(logs);
        string workDir = Directory.GetCurrentDirectory();
        string arrayPath = Path.Combine(jobsDir, ArrayScript), mergePath = Path.Combine(jobsDir, MergeScript), submitPath = Path.Combine(jobsDir, SubmitScript);
        WriteScript(arrayPath, SbatchScripts.Render(array, resources, workDir, logs));
        WriteScript(mergePath, SbatchScripts.Render(merge, resources, workDir, logs));
        WriteScript(submitPath, SbatchScripts.Submit(arrayPath, mergePath));
        int tasks = array.Tasks ?? 1;
        string limit = resources.ArrayLimit is int l ? $", at most {l} at once" : "";
        Console.WriteLine($"wrote {arrayPath} ({tasks} tasks{limit}), {mergePath} and {submitPath}");
        if (!submit)
        {
            Console.WriteLine($"submit both: bash {ShellWords.Quote(submitPath)}   (or add --submit)");
            Console.WriteLine(RerunHint(arrayPath, mergePath, logs, array.Name, null, null));
            return 0;
        }
        string sbatch = FindOnPath("sbatch")
            ?? throw new GrnException($"--submit: sbatch was not found on PATH (is this a Slurm login node?); the job scripts are written: " +
                                      $"submit them with bash {submitPath} where Slurm runs");
        string arrayId = Sbatch(sbatch, ["--parsable", arrayPath], arrayPath);
        string mergeId;
        try
        {
            mergeId = Sbatch(sbatch, ["--parsable", $"--dependency=afterok:{arrayId}", mergePath], mergePath);
        }
        catch (GrnException e)
        {
            throw new GrnException($"{e.Message} (the array job {arrayId} was submitted: submit the merge with sbatch --dependency=afterok:{arrayId} {mergePath})");
        }
        Console.WriteLine($"submitted array job {arrayId} (tasks 0-{tasks - 1}) and merge job {mergeId} (starts when every task has completed)");
        Console.WriteLine(RerunHint(arrayPath, mergePath, logs, array.Name, arrayId, mergeId));
        return 0;
    }

    /// <summary>How to redo one failed task: Slurm holds the merge forever once a task fails, so it is resubmitted too.</summary>
    private static string RerunHint(string arrayPath, string mergePath, string logs, string name, string? arrayId, string? mergeId) =>
        $"a task that fails (its log: {Path.Combine(logs, $"{name}-{arrayId ?? "ARRAYID"}_I.out")}) is rerun alone: " +
        (mergeId != null ? $"scancel {mergeId}; " : "") +
        $"sbatch --array=I {arrayPath}, then sbatch --dependency=afterok:NEWID {mergePath}";

    private static void WriteScript(string path, string text)
    {
        AtomicFile.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>Runs sbatch and returns the job id it prints (--parsable: "id" or "id;cluster").</summary>
    private static string Sbatch(string sbatch, string[] args, string script)
    {
        var psi = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string id = stdout.Trim().Split(';')[0];
        if (process.ExitCode != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            string why = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {process.ExitCode}";
            throw new GrnException($"sbatch {script} failed: {why}");
        }
        return id;
    }
}

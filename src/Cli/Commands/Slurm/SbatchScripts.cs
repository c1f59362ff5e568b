using System.Globalization;
using System.Text;

namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>One Slurm job to write: its name, what it runs, and (for an array) how many tasks.</summary>
/// <param name="Command">The bash line the job runs; an array task finds its index in $SLURM_ARRAY_TASK_ID.</param>
/// <param name="Tasks">Array tasks 0..Tasks-1, or null for a single job (the merge).</param>
public sealed record SlurmJob(string Name, string Command, int? Tasks, string Comment);

/// <summary>
/// The text of the sbatch scripts: resources as #SBATCH lines, a log per task, the working folder the user was in
/// (so relative paths in the command mean what they meant there), and a bash body that stops at the first error.
/// </summary>
public static class SbatchScripts
{
    public static string Render(SlurmJob job, SlurmResources resources, string workDir, string logDir)
    {
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        foreach (var line in job.Comment.Split('\n')) s.Append("# ").Append(line).Append('\n');
        s.Append("#SBATCH --job-name=").Append(job.Name).Append('\n');
        if (job.Tasks is int n)
        {
            s.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{n - 1}");
            if (resources.ArrayLimit is int limit) s.Append(CultureInfo.InvariantCulture, $"%{limit}");
            s.Append('\n');
            s.Append("#SBATCH --output=").Append(Path.Combine(logDir, $"{job.Name}-%A_%a.out")).Append('\n');
        }
        else s.Append("#SBATCH --output=").Append(Path.Combine(logDir, $"{job.Name}-%j.out")).Append('\n');
        s.Append("#SBATCH --chdir=").Append(workDir).Append('\n');
        if (resources.Partition != null) s.Append("#SBATCH --partition=").Append(resources.Partition).Append('\n');
        if (resources.Time != null) s.Append("#SBATCH --time=").Append(resources.Time).Append('\n');
        // Resources are per array task; the merge reads and writes files, so one core and the defaults do.
        if (job.Tasks != null)
        {
            if (resources.CpusPerTask is int cpus) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpus}\n");
            if (resources.GpusPerTask is int gpus and > 0) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --gpus-per-task={gpus}\n");
            if (resources.Memory != null) s.Append("#SBATCH --mem=").Append(resources.Memory).Append('\n');
        }
        else if (resources.Memory != null) s.Append("#SBATCH --mem=").Append(resources.Memory).Append('\n');
        s.Append("set -euo pipefail\n");
        s.Append(job.Command).Append('\n');
        return s.ToString();
    }

    /// <summary>
    /// submit.sh: the array, then the merge held until every task succeeded (afterok on an array job waits for all
    /// its tasks). --parsable prints "id" or "id;cluster".
    /// </summary>
    public static string Submit(string arrayScript, string mergeScript) =>
        "#!/bin/bash\n" +
        "# Submits the array job, then the merge job that starts only when every task has completed.\n" +
        "set -euo pipefail\n" +
        $"array=$(sbatch --parsable {ShellWords.Quote(arrayScript)})\n" +
        "array=${array%%;*}\n" +
        $"merge=$(sbatch --parsable --dependency=afterok:$array {ShellWords.Quote(mergeScript)})\n" +
        "merge=${merge%%;*}\n" +
        "echo \"array job $array, merge job $merge\"\n";
}

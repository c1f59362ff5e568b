using System.CommandLine;
using System.Text.RegularExpressions;
using GrnGpu.Engine;

namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>What the array tasks ask the scheduler for, checked before anything is written or submitted.</summary>
public sealed record SlurmResources(string? Partition, string? Time, int? CpusPerTask, int? GpusPerTask, string? Memory, int? ArrayLimit);

/// <summary>
/// The options of `grn slurm cv` and `grn slurm predict` that are about Slurm, not about the grn command the tasks
/// run: resources, where the job scripts go, how a task starts grn, and whether to submit.
/// </summary>
public sealed class SlurmOptionSet
{
    public Option<string?> Partition { get; } = new("--partition") { Description = "Slurm partition of every job (sbatch --partition); default: the cluster's." };
    public Option<string?> Time { get; } = new("--time") { Description = "Time limit of each task (sbatch --time: minutes, H:MM:SS, D-HH:MM, ...)." };
    public Option<int?> CpusPerTask { get; } = new("--cpus-per-task") { Description = "Cores of each task (sbatch --cpus-per-task)." };
    public Option<int?> GpusPerTask { get; } = new("--gpus-per-task") { Description = "GPUs of each task (sbatch --gpus-per-task); pair with --device cuda." };
    public Option<string?> Memory { get; } = new("--mem") { Description = "Memory of each task (sbatch --mem: e.g. 8G, 16000M)." };
    public Option<int?> ArrayLimit { get; } = new("--array-limit") { Description = "At most this many tasks run at once (--array=0-(N-1)%LIMIT); default: no limit." };
    public Option<string?> Jobs { get; } = new("--jobs") { Description = "Folder for the job scripts and logs (default: the --out path with .slurm added)." };
    public Option<string?> GrnCommand { get; } = new("--grn-command")
    {
        Description = "How a task starts grn on the compute nodes, as shell words (default: this grn, e.g. 'dotnet /path/grn.dll').",
    };
    public Option<bool> Submit { get; } = new("--submit") { Description = "Submit the array and the merge job with sbatch and print their job ids." };

    public IEnumerable<Option> All => [Partition, Time, CpusPerTask, GpusPerTask, Memory, ArrayLimit, Jobs, GrnCommand, Submit];

    // Slurm's time formats: minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes,
    // days-hours:minutes:seconds, or unlimited.
    private static readonly Regex TimeFormat = new(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|unlimited|infinite)$",
        RegexOptions.IgnoreCase);
    private static readonly Regex MemoryFormat = new(@"^\d+[KMGT]?$", RegexOptions.IgnoreCase);
    private static readonly Regex Word = new(@"^[A-Za-z0-9_.,-]+$");

    /// <summary>The resources asked for, each checked: a mistake is one line here rather than a rejected sbatch later.</summary>
    public SlurmResources Read(ParseResult parse)
    {
        string? partition = parse.GetValue(Partition), time = parse.GetValue(Time), memory = parse.GetValue(Memory);
        int? cpus = parse.GetValue(CpusPerTask), gpus = parse.GetValue(GpusPerTask), limit = parse.GetValue(ArrayLimit);
        if (partition != null && !Word.IsMatch(partition))
            throw new GrnException($"--partition {partition}: expected a partition name (letters, digits, '_', '-', '.'; several separated by commas)");
        if (time != null && !TimeFormat.IsMatch(time))
            throw new GrnException($"--time {time}: expected a Slurm time limit: minutes, H:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 30, 2:00:00, 1-12)");
        if (cpus is < 1) throw new GrnException($"--cpus-per-task {cpus}: expected at least 1");
        if (gpus is < 0) throw new GrnException($"--gpus-per-task {gpus}: expected 0 or more");
        if (memory != null && !MemoryFormat.IsMatch(memory))
            throw new GrnException($"--mem {memory}: expected a size such as 8G or 16000M");
        if (limit is < 1) throw new GrnException($"--array-limit {limit}: expected at least 1 (the number of tasks that may run at once)");
        return new SlurmResources(partition, time, cpus, gpus, memory, limit);
    }
}

using System.CommandLine;

namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>
/// `grn slurm cv|predict`: the same command spread over a Slurm cluster as an array job (one task per fold or shard)
/// and a merge job that runs once every task has completed; README's "On a cluster" shows it.
/// </summary>
public static class SlurmCommand
{
    public static Command Build()
    {
        var command = new Command("slurm", "Run grn cv (one task per fold) or grn predict (one task per shard) as a Slurm array job plus a merge job.");
        command.Subcommands.Add(SlurmCvCommand.Build());
        command.Subcommands.Add(SlurmPredictCommand.Build());
        return command;
    }
}

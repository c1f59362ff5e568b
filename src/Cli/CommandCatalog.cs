using System.CommandLine;
using GrnGpu.Cli.Commands;
using GrnGpu.Cli.Commands.Slurm;

namespace GrnGpu.Cli;

/// <summary>Every sub-command of `grn`, one file each; add a line here when adding a command.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return CheckCommand.Build();
        yield return DevicesCommand.Build();
        yield return KernelsCommand.Build();
        yield return GradCheckCommand.Build();
        yield return DatasetCommand.Build();
        yield return VerifyCommand.Build();
        yield return BaselineCommand.Build();
        yield return SynthCommand.Build();
        yield return BenchCommand.Build();
        yield return ProfileCommand.Build();
        yield return ModelCommand.Build();
        yield return TrainCommand.Build();
        yield return EvaluateCommand.Build();
        yield return PredictCommand.Build();
        yield return ExplainCommand.Build();
        yield return CvCommand.Build();
        yield return EnsembleCommand.Build();
        yield return ReportCommand.Build();
        yield return SlurmCommand.Build();
        yield return DemoCommand.Build();
    }
}

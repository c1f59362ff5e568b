using System.CommandLine;

namespace GrnGpu.Cli.Commands;

/// <summary>`grn kernels`: the ILGPU kernels' launch audit (`audit`) and their PTX for NVIDIA architectures (`ptx`).</summary>
public static class KernelsCommand
{
    public static Command Build()
    {
        var command = new Command("kernels", "The GPU kernels: the launch audit on a simulated H100 and the PTX of every kernel.");
        command.Subcommands.Add(KernelsAuditCommand.Build());
        command.Subcommands.Add(KernelsPtxCommand.Build());
        return command;
    }
}

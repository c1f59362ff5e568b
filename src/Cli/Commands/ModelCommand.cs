using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Models;
using GrnGpu.Models.Networks;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn model summary MODEL`: the Keras-like layer table of one of the seed's networks
/// (timing a step: `grn bench`, breaking it down by kernel: `grn profile`).
/// </summary>
public static class ModelCommand
{
    public static Command Build()
    {
        var command = new Command("model", "The seed's networks (rna, sdinet, fusion).");
        command.Subcommands.Add(BuildSummary());
        return command;
    }

    private static Command BuildSummary()
    {
        var kind = new Argument<string>("model") { Description = "rna, sdinet or fusion." };
        var command = new Command("summary", "Print the layer table (layer, output shape, parameters) and the parameter counts.");
        command.Arguments.Add(kind);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var network = NetworkFactory.Create(ModelKinds.Parse(parse.GetValue(kind)!));
            Console.Write(network.Summarize().Format());
            return 0;
        }));
        return command;
    }
}

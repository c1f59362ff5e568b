using System.CommandLine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Models;
using GrnGpu.Models.Networks;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn model summary MODEL`: the Keras-like layer table of one of the seed's networks;
/// `grn model time MODEL`: how long a training step and an inference pass take on a device.
/// </summary>
public static class ModelCommand
{
    public static Command Build()
    {
        var command = new Command("model", "The seed's networks (rna, sdinet, fusion).");
        command.Subcommands.Add(BuildSummary());
        command.Subcommands.Add(BuildTime());
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

    private static Command BuildTime()
    {
        var kind = new Argument<string>("model") { Description = "rna, sdinet or fusion." };
        var device = CommonOptions.Device();
        var batch = new Option<int>("--batch") { Description = "Samples per batch.", DefaultValueFactory = _ => 2 };
        var repeats = new Option<int>("--repeat") { Description = "Timed steps (after one warm-up step); the median is shown.", DefaultValueFactory = _ => 3 };
        var profile = new Option<bool>("--profile") { Description = "Also show the time of each op kind (synchronises after every op)." };
        var command = new Command("time", "Time forward and backward of a full-size training step, and an inference forward, on random inputs.");
        command.Arguments.Add(kind);
        command.Options.Add(device);
        command.Options.Add(batch);
        command.Options.Add(repeats);
        command.Options.Add(profile);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            int n = parse.GetValue(batch), r = parse.GetValue(repeats);
            if (n < 1 || r < 1) throw new GrnException("--batch and --repeat must be at least 1.");
            var compute = DeviceRegistry.Open(parse.GetValue(device)!);
            using var model = new Model(NetworkFactory.Create(ModelKinds.Parse(parse.GetValue(kind)!)), compute);
            using var profiler = parse.GetValue(profile) ? OpProfiler.Start(compute) : null;
            var t = StepTiming.Measure(model, n, r, profiler);
            Console.WriteLine($"{model.Network.Kind.Name()} on {compute.Info.Id}, batch {n}, median of {r}: " +
                              $"forward {t.ForwardMs:F1} ms, backward {t.BackwardMs:F1} ms, inference {t.InferenceMs:F1} ms");
            if (profiler != null)
            {
                int steps = r;
                Console.WriteLine($"per op kind, mean per step over the {steps} timed steps (a step: training forward + backward, then one inference forward):");
                foreach (var (op, ms, calls) in profiler.Totals)
                    Console.WriteLine($"  {op,-32} {ms / steps,9:F1} ms  {calls / steps,4} calls");
            }
            return 0;
        }));
        return command;
    }
}

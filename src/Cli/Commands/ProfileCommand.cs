using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models;
using GrnGpu.Models.Profiling;
using GrnGpu.Models.Networks;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn profile --model M`: one full training step (forward, backward, Adam) broken down by kernel, with device
/// times from timing markers, GFLOP/s and GB/s against the device's peaks, and the host overhead.
/// </summary>
public static class ProfileCommand
{
    public static Command Build()
    {
        var model = new Option<string>("--model") { Description = "rna, sdinet or fusion.", Required = true };
        var device = CommonOptions.Device();
        var batch = new Option<int>("--batch") { Description = "Samples per batch.", DefaultValueFactory = _ => 32 };
        var steps = new Option<int>("--steps") { Description = "Profiled steps after two warm-up steps; figures are per step.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the profile as JSON." };
        var byShape = new Option<bool>("--by-shape") { Description = "A row per convolution shape (channels, plane, kernel, stride, dilation) rather than one per kernel." };
        var command = new Command("profile", "Break one full training step down by kernel: launches, device time, GFLOP/s, GB/s, share; host overhead.");
        foreach (var o in new Option[] { model, device, batch, steps, json, byShape }) command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var kind = ModelKinds.Parse(parse.GetValue(model)!);
            int n = parse.GetValue(batch), s = parse.GetValue(steps);
            if (n < 1) throw new GrnException($"--batch must be at least 1, got {n}");
            if (s < 1) throw new GrnException($"--steps must be at least 1, got {s}");
            var gpu = CommonOptions.OpenDevice(parse, parse.GetValue(device)!);
            if (gpu.Kernels == null && gpu.Info.Backend == Backend.Reference)
                throw new GrnException("profile needs a kernel device (cpu, cuda or opencl), not the reference");
            using var m = new Model(NetworkFactory.Create(kind), gpu);
            var profile = StepProfile.Measure(m, gpu, n, s, byShape: parse.GetValue(byShape));
            Console.Write(parse.GetValue(json) ? profile.ToJson() + "\n" : profile.Format());
            return 0;
        }));
        return command;
    }
}

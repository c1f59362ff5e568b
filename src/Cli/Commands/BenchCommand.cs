using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using GrnGpu.Models;
using GrnGpu.Models.Profiling;
using Output = GrnGpu.Models.Data.Output;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Engine.Ops.Gemm;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn bench [--model M]`: full-step training and inference throughput of the models (<see cref="StepBench"/>);
/// `grn bench gemm|conv`: times the GEMM and convolution kernels with device events after a warm-up run,
/// and prints milliseconds and GFLOP/s per pass.
/// </summary>
public static class BenchCommand
{
    public static Command Build()
    {
        var model = new Option<string>("--model") { Description = "rna, sdinet, fusion or all.", DefaultValueFactory = _ => "all" };
        var device = CommonOptions.Device();
        var batch = IntOption("--batch", 32, "Samples per batch.");
        var steps = IntOption("--steps", 5, "Timed steps after two warm-up steps; the median is printed.");
        var command = new Command("bench",
            "Training throughput (full step: forward, backward, Adam) and inference throughput of the models, with peak device memory; " +
            "`bench gemm` and `bench conv` time single kernels.");
        foreach (var o in new Option[] { model, device, batch, steps }) command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string which = parse.GetValue(model)!;
            var kinds = which == "all" ? ModelKinds.All : [ModelKinds.Parse(which)];
            int n = Positive(parse.GetValue(batch), "--batch"), s = Positive(parse.GetValue(steps), "--steps");
            var compute = CommonOptions.OpenDevice(parse, parse.GetValue(device)!);
            foreach (var kind in kinds)
            {
                Console.Write(StepBench.Measure(kind, compute, n, s).Format());
                Console.Out.Flush();
            }
            return 0;
        }));
        command.Subcommands.Add(Gemm());
        command.Subcommands.Add(Conv());
        return command;
    }

    private static Option<int> IntOption(string name, int value, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    private static Command Gemm()
    {
        var device = CommonOptions.Device();
        var size = IntOption("--size", 1024, "M = N = K of the square product.");
        var repeat = IntOption("--repeat", 5, "Timed runs after the warm-up; the mean is printed.");
        var command = new Command("gemm", "Time C = A B (and the transposed forms) on square matrices.");
        command.Options.Add(device);
        command.Options.Add(size);
        command.Options.Add(repeat);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            int n = Positive(parse.GetValue(size), "--size"), runs = Positive(parse.GetValue(repeat), "--repeat");
            if (n > 46340) throw new GrnException($"--size {n}: at most 46340 (an N x N matrix must hold fewer than 2^31 elements)");
            var gpu = OpenKernelDevice(parse, parse.GetValue(device)!);
            RequireFits(gpu, $"--size {n}", 3, 4L * n * n);
            var r = new Random(1);
            using var a = Tensor.FromArray(gpu, new Shape(n, n), RandomValues(r, n * n));
            using var b = Tensor.FromArray(gpu, new Shape(n, n), RandomValues(r, n * n));
            using var c = Tensor.Empty(gpu, new Shape(n, n));
            Console.WriteLine($"gemm {n}x{n}x{n} on {gpu.Info} ({Precision(gpu)}), mean of {runs} after a warm-up");
            foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false) })
            {
                double ms = Time(gpu, runs, () => GemmOp.Multiply(a, ta, b, tb, c, n, n, n));
                Print($"{(ta ? 'T' : 'N')}{(tb ? 'T' : 'N')}", ms, 2.0 * n * n * n);
            }
            return 0;
        }));
        return command;
    }

    private static Command Conv()
    {
        var device = CommonOptions.Device();
        var batch = IntOption("--batch", 32, "Images per batch.");
        var channels = IntOption("--channels", 64, "Input and output channels.");
        var height = IntOption("--height", 32, "Input (and, with same padding, output) height.");
        var width = IntOption("--width", 80, "Input width.");
        var kernel = IntOption("--kernel", 3, "Square kernel size (same padding, stride 1).");
        var dilation = IntOption("--dilation", 1, "Dilation of the kernel (the ASPP branches use 3, 6 and 9 on the RNA model's 16 x 16 planes).");
        var repeat = IntOption("--repeat", 5, "Timed runs after the warm-up; the mean is printed.");
        var command = new Command("conv", "Time a same-padded stride-1 convolution: forward, backward data, backward weights.");
        foreach (var o in new Option[] { device, batch, channels, height, width, kernel, dilation, repeat }) command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var gpu = OpenKernelDevice(parse, parse.GetValue(device)!);
            int c = Positive(parse.GetValue(channels), "--channels"), runs = Positive(parse.GetValue(repeat), "--repeat");
            var g = Conv2dGeometry.Square(Positive(parse.GetValue(batch), "--batch"), c, c,
                Positive(parse.GetValue(height), "--height"), Positive(parse.GetValue(width), "--width"), Positive(parse.GetValue(kernel), "--kernel"),
                dilation: Positive(parse.GetValue(dilation), "--dilation"));
            RequireFits(gpu, "the convolution", 2, 4L * Math.Max(g.InputLength, g.OutputLength), 4L * (g.InputLength + g.OutputLength) * 2 + 8L * g.WeightLength);
            var r = new Random(1);
            using var x = Tensor.FromArray(gpu, new Shape(g.InputLength), RandomValues(r, g.InputLength));
            using var w = Tensor.FromArray(gpu, new Shape(g.WeightLength), RandomValues(r, g.WeightLength));
            using var b = Tensor.FromArray(gpu, new Shape(g.BiasLength), RandomValues(r, g.BiasLength));
            using var dy = Tensor.FromArray(gpu, new Shape(g.OutputLength), RandomValues(r, g.OutputLength));
            using var y = Tensor.Empty(gpu, new Shape(g.OutputLength));
            using var dx = Tensor.Empty(gpu, new Shape(g.InputLength));
            using var dw = Tensor.Empty(gpu, new Shape(g.WeightLength));
            using var db = Tensor.Empty(gpu, new Shape(g.BiasLength));
            double flops = 2.0 * g.Batch * g.OutChannels * g.OutH * g.OutW * g.InChannels * g.KernelH * g.KernelW;
            string dilated = g.Rows.Dilation > 1 ? $" dilation {g.Rows.Dilation}" : "";
            Console.WriteLine($"conv2d {g.KernelH}x{g.KernelW}{dilated} {g.InChannels}->{g.OutChannels} on {g.InH}x{g.InW}, batch {g.Batch}, " +
                $"on {gpu.Info} ({Precision(gpu)}), mean of {runs} after a warm-up");
            Print("forward", Time(gpu, runs, () => Conv2dOp.Forward(g, x, w, b, y)), flops);
            Print("backward data", Time(gpu, runs, () => Conv2dOp.BackwardData(g, dy, w, dx)), flops);
            Print("backward weights", Time(gpu, runs, () => Conv2dOp.BackwardWeights(g, x, dy, dw, db)), flops);
            return 0;
        }));
        return command;
    }

    private static string Precision(ComputeDevice device) => device.ProductsInTf32 ? "TF32 tensor cores" : "FP32";

    private static ComputeDevice OpenKernelDevice(ParseResult parse, string spec)
    {
        var device = CommonOptions.OpenDevice(parse, spec);
        if (device.Info.Backend == Backend.Reference)
            throw new GrnException($"bench needs a kernel device (cpu, cuda or opencl), not '{spec}'");
        return device;
    }

    /// <summary>
    /// Refuses, before anything is allocated, buffers that the device or this machine cannot hold: <paramref name="buffers"/>
    /// buffers of up to <paramref name="largest"/> bytes (<paramref name="total"/> in all, when given), each also made once
    /// on the host as random values.
    /// </summary>
    private static void RequireFits(ComputeDevice gpu, string what, int buffers, long largest, long? total = null)
    {
        long all = total ?? buffers * largest;
        if (all > gpu.Info.GlobalMemoryBytes)
            throw new GrnException($"{what}: needs {Output.OutputChecks.Size(all)} of device memory ({buffers} buffers of up to {Output.OutputChecks.Size(largest)}), " +
                                   $"but {gpu.Info} has {Output.OutputChecks.Size(gpu.Info.GlobalMemoryBytes)}; choose a smaller size");
        long host = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (largest > host / 2)
            throw new GrnException($"{what}: needs {Output.OutputChecks.Size(largest)} of host memory per buffer, but only {Output.OutputChecks.Size(host)} is available; choose a smaller size");
        if (largest > int.MaxValue * 4L)
            throw new GrnException($"{what}: a buffer of {Output.OutputChecks.Size(largest)} exceeds 2^31 floats; choose a smaller size");
    }

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new GrnException($"{name} must be at least 1, got {value}");

    private static float[] RandomValues(Random r, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.NextSingle() * 2 - 1;
        return v;
    }

    /// <summary>Mean device milliseconds of one run of <paramref name="pass"/>, after one untimed run (compiles, fills the pool).</summary>
    private static double Time(ComputeDevice gpu, int runs, Action pass)
    {
        pass();
        gpu.Synchronize();
        using var start = gpu.Record();
        for (int i = 0; i < runs; i++) pass();
        using var end = gpu.Record();
        return end.MillisecondsSince(start) / runs;
    }

    private static void Print(string pass, double ms, double flops) =>
        Console.WriteLine($"  {pass,-16} {ms,10:F2} ms {flops / ms / 1e6,10:F1} GFLOP/s");
}

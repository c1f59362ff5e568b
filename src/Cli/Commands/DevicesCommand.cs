using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using Spectre.Console;

namespace GrnGpu.Cli.Commands;

/// <summary>`grn devices [--selftest] [--device D]`: the device table, and the per-device self-test.</summary>
public static class DevicesCommand
{
    public static Command Build()
    {
        var selftest = new Option<bool>("--selftest") { Description = "Compile and run a vector add, a reduction and a tiled matrix product on every device (or on --device) and check them." };
        var device = new Option<string?>("--device") { Description = $"Limit the self-test to one device: {DeviceRegistry.Accepted}." };
        var command = new Command("devices", "List compute devices (cpu, CUDA, OpenCL, managed reference) and the one --device auto picks.");
        command.Options.Add(selftest);
        command.Options.Add(device);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var inventory = DeviceRegistry.Discover();
            string? only = parse.GetValue(device);
            var chosen = only != null ? [DeviceRegistry.Resolve(only)] : inventory.Devices;
            PrintInventory(inventory);
            PrintCpu(CommonOptions.OpenDevice(parse, "cpu"));
            if (!parse.GetValue(selftest)) return 0;
            var (passed, failed) = RunSelfTest(chosen);
            Console.WriteLine($"{passed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }

    internal static void PrintInventory(DeviceInventory inventory)
    {
        var table = new Table().AddColumns("Id", "Backend", "Name", "Type", "Compute units", "Global memory", "Driver / runtime");
        foreach (var d in inventory.Devices)
            table.AddRow(Markup.Escape(d.Id), d.Backend.ToString(), Markup.Escape(d.Name), d.Type.ToString(),
                d.ComputeUnits.ToString(), $"{d.GlobalMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB", Markup.Escape(d.DriverVersion));
        AnsiConsole.Write(table);
        foreach (var note in inventory.Notes) Console.WriteLine($"note: {note}");
        Console.WriteLine($"--device auto picks: {inventory.Auto}");
    }

    /// <summary>The cpu device's vector width, threads and measured peaks (a fraction of a second to measure).</summary>
    internal static void PrintCpu(ComputeDevice cpu)
    {
        var i = cpu.Info;
        Console.WriteLine($"cpu: {i.PreferredFloatVector}-float vectors ({i.Name}), {i.ComputeUnits} thread(s) of {Environment.ProcessorCount} core(s); " +
                          $"measured FMA peak {cpu.MeasurePeakGflops():F0} GFLOP/s, copy bandwidth {cpu.MeasureStreamGBps():F1} GB/s");
    }

    /// <summary>Runs and prints the self-test on each device; returns the counts.</summary>
    internal static (int Passed, int Failed) RunSelfTest(IEnumerable<DeviceInfo> devices)
    {
        int passed = 0, failed = 0;
        foreach (var info in devices)
        {
            IEnumerable<SelfTestResult> results;
            try
            {
                results = SelfTest.Run(DeviceRegistry.Open(info)).ToList();
            }
            catch (GrnException e)
            {
                results = [new SelfTestResult(info.Id, "open device", double.NaN, double.NaN, null, false, e.Message)];
            }
            foreach (var r in results)
            {
                if (r.Passed) passed++; else failed++;
                string gflops = r.Gflops is { } g ? $", {g:F1} GFLOP/s" : "";
                string detail = r.Failure ?? $"error {r.Error:G3} (tolerance {r.Tolerance:G3}){gflops}";
                Console.WriteLine($"{(r.Passed ? "PASS" : "FAIL")}  {r.Device,-9} {r.Check,-22} {detail}");
            }
        }
        return (passed, failed);
    }
}

using System.CommandLine;
using GrnGpu.Engine.Devices;
using GrnGpu.Kernels;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn kernels check`: compiles every kernel file (or one given file) on a device, or with NVRTC for CUDA
/// architectures without a GPU. Lets a kernel author validate a file on its own.
/// </summary>
public static class KernelsCommand
{
    public static Command Build()
    {
        var device = CommonOptions.Device();
        var archs = new Option<string?>("--cuda-arch") { Description = "Compile the CUDA form with NVRTC for these SM versions instead (e.g. 70,80,90); needs no GPU." };
        var file = new Option<FileInfo?>("--file") { Description = "A kernel file of your own in the dialect of prelude.h, instead of the built-in ones." };
        var check = new Command("check", "Compile kernel files and report each; ends with `N passed, M failed`.");
        check.Options.Add(device);
        check.Options.Add(archs);
        check.Options.Add(file);
        check.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string? archList = parse.GetValue(archs);
            if (archList != null && parse.GetResult(device) is { Implicit: false })
                throw new GrnException("give either --cuda-arch (compile with NVRTC, no GPU needed) or --device (compile on that device), not both");
            var sources = Sources(parse.GetValue(file));
            int passed = 0, failed = 0;
            foreach (var (target, compile) in Targets(archList, parse.GetValue(device)!))
                foreach (var (name, text) in sources)
                {
                    try
                    {
                        compile(name, text);
                        passed++;
                        Console.WriteLine($"PASS  {target,-28} {name}");
                    }
                    catch (KernelCompileException e)
                    {
                        failed++;
                        Console.WriteLine($"FAIL  {target,-28} {e.Message}");
                        if (parse.GetValue(CommonOptions.Verbose)) Console.WriteLine(e.Log);
                    }
                }
            Console.WriteLine($"{passed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        }));
        var command = new Command("kernels", "Kernel sources: compile checks, the launch audit and the ILGPU kernels' PTX.");
        command.Subcommands.Add(check);
        command.Subcommands.Add(KernelsAuditCommand.Build());
        command.Subcommands.Add(KernelsPtxCommand.Build());
        return command;
    }

    private static List<(string Name, string Text)> Sources(FileInfo? file)
    {
        if (file == null) return KernelSource.Files.Select(f => (f, KernelSource.Read(f))).ToList();
        if (Directory.Exists(file.FullName)) throw new GrnException($"{file.FullName}: is a folder, expected a kernel file (--file)");
        if (!file.Exists) throw new GrnException($"kernel file {file.FullName} does not exist");
        string text = File.ReadAllText(file.FullName);
        if (string.IsNullOrWhiteSpace(text))
            throw new GrnException($"{file.FullName}: the kernel file is empty; it must define at least one KERNEL function");
        if (!text.Contains("KERNEL", StringComparison.Ordinal))
            throw new GrnException($"{file.FullName}: no KERNEL function in the file; declare entry points as `KERNEL void name(...)` (see prelude.h)");
        return [(file.Name, text)];
    }

    private static IEnumerable<(string Target, Action<string, string> Compile)> Targets(string? archList, string device)
    {
        if (archList != null)
        {
            foreach (var part in archList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string digits = part.StartsWith("sm_", StringComparison.OrdinalIgnoreCase) ? part[3..] : part;
                if (!int.TryParse(digits, out int arch) || arch < 30 || arch > 200)
                    throw new GrnException($"bad --cuda-arch entry '{part}': expected an SM version such as 70, 80 or sm_90");
                yield return ($"cuda sm_{arch} (NVRTC)", (name, text) =>
                    NvrtcCompiler.CompileToPtx(name, KernelSource.ComposeText(name, text, KernelTarget.Cuda), arch, []));
            }
            yield break;
        }
        var gpu = DeviceRegistry.OpenGpu(device,
            opened => $"{opened.Info.Id} runs managed code and compiles no kernels; pick a CUDA or OpenCL device, or --cuda-arch");
        // A probe entry point: compiling the program is the check; no kernel is created.
        yield return (gpu.Info.Id, (name, text) => gpu.Compile(name, text));
    }
}

using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Kernels.Ptx;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn kernels ptx --arch 70,80,90 --out DIR`: compiles every ILGPU kernel variant (the ilgpu devices' kernels) to PTX with
/// ILGPU's PTX backend, no GPU needed, one file DIR/&lt;kernel&gt;.sm_&lt;arch&gt;.ptx each, for `ptxas -arch=sm_&lt;arch&gt;` to assemble.
/// </summary>
public static class KernelsPtxCommand
{
    public static Command Build()
    {
        var archs = new Option<string>("--arch")
        {
            Description = $"SM versions to compile for, comma-separated (known: {string.Join(", ", PtxCompiler.KnownArchitectures)}).",
            DefaultValueFactory = _ => "70,80,90",
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the .ptx files to (created if absent).", Required = true };
        var command = new Command("ptx", "Compile the ILGPU kernels to PTX files without a GPU; ends with `N written, M failed`.");
        command.Options.Add(archs);
        command.Options.Add(output);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var targets = Parse(parse.GetValue(archs)!);
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder.FullName);
            int written = 0, failed = 0;
            using var compiler = new PtxCompiler();
            foreach (int sm in targets)
                foreach (var kernel in GpuKernelCatalog.All.Where(k => k.BuildsFor(sm)))
                {
                    string file = Path.Combine(folder.FullName, $"{kernel.Name}.sm_{sm}.ptx");
                    try
                    {
                        File.WriteAllText(file, compiler.Compile(kernel, sm));
                        written++;
                        Console.WriteLine($"PASS  sm_{sm}  {kernel.Name,-22} {file}");
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        failed++;
                        Console.WriteLine($"FAIL  sm_{sm}  {kernel.Name,-22} {e.GetType().Name}: {e.Message}");
                    }
                }
            Console.WriteLine($"{written} written, {failed} failed");
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }

    private static List<int> Parse(string list)
    {
        var result = new List<int>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string digits = part.StartsWith("sm_", StringComparison.OrdinalIgnoreCase) ? part[3..] : part;
            if (!int.TryParse(digits, out int sm) || !PtxCompiler.KnownArchitectures.Contains(sm))
                throw new GrnException($"bad --arch entry '{part}': expected SM versions among {string.Join(", ", PtxCompiler.KnownArchitectures)}, e.g. 70,80,90");
            if (!result.Contains(sm)) result.Add(sm);
        }
        if (result.Count == 0) throw new GrnException("--arch is empty: give SM versions such as 70,80,90");
        return result;
    }
}

using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;

namespace GrnGpu.Kernels.Ptx;

/// <summary>
/// Compiles the ILGPU kernels to PTX with ILGPU's PTX backend, which needs no GPU and no CUDA driver: one PTX module per
/// kernel variant and architecture, at PTX ISA 7.8 (what CUDA 11.8's ptxas, the oldest assembler CI uses, reads; it covers
/// sm_90). The modules are what the CUDA accelerator would load, so assembling them with ptxas proves the kernels build
/// for a real GPU. ILGPU.Algorithms supplies the PTX forms of the float maths (MathF.Exp, MathF.Log: the core backend has none).
/// </summary>
public sealed class PtxCompiler : IDisposable
{
    private readonly Context _context = Context.Create(b => b.Optimize(OptimizationLevel.O2).EnableAlgorithms());

    /// <summary>The architectures (SM versions) the compiler knows: 70, 75, 80, 86, 87, 89, 90.</summary>
    public static IReadOnlyList<int> KnownArchitectures { get; } = [70, 75, 80, 86, 87, 89, 90];

    /// <summary>The PTX ISA of every module.</summary>
    public static CudaInstructionSet InstructionSet => CudaInstructionSet.ISA_78;

    public static CudaArchitecture Architecture(int sm) => sm switch
    {
        70 => CudaArchitecture.SM_70,
        75 => CudaArchitecture.SM_75,
        80 => CudaArchitecture.SM_80,
        86 => CudaArchitecture.SM_86,
        87 => CudaArchitecture.SM_87,
        89 => CudaArchitecture.SM_89,
        90 => CudaArchitecture.SM_90,
        _ => throw new ArgumentException($"no PTX target for sm_{sm}: known are {string.Join(", ", KnownArchitectures)}"),
    };

    /// <summary>The PTX text of one kernel for one SM version.</summary>
    public string Compile(GpuKernel kernel, int sm)
    {
        var arch = Architecture(sm);
        using var backend = new PTXBackend(_context, new CudaCapabilityContext(arch), arch, InstructionSet, null);
        var entry = EntryPointDescription.FromExplicitlyGroupedKernel(kernel.Method);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, default);
        return compiled.PTXAssembly;
    }

    public void Dispose() => _context.Dispose();
}

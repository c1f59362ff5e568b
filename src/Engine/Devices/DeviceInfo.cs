namespace GrnGpu.Engine.Devices;

/// <summary>
/// Where a device's kernels come from: the C# SIMD kernels (Cpu), the C# ILGPU kernels on a CUDA GPU, an OpenCL 2.0+ GPU or
/// ILGPU's CPU accelerator (IlgpuCpu, for tests), or the double-precision reference ops.
/// </summary>
public enum Backend { Cuda, OpenCl, Reference, Cpu, IlgpuCpu }

public enum DeviceType { Gpu, Cpu, Accelerator, Host }

/// <summary>What `grn devices` shows about one device, and what kernels size their launches from.</summary>
/// <param name="PreferredFloatVector">Floats per vector the cpu device's kernels use (16 with AVX-512, 8 with AVX2, 4 with
/// SSE or NEON); 0 on other devices.</param>
public sealed record DeviceInfo(
    Backend Backend,
    int Index,
    string Name,
    DeviceType Type,
    int ComputeUnits,
    long GlobalMemoryBytes,
    string DriverVersion,
    string Platform,
    int MaxGroupSize,
    long LocalMemoryBytes,
    int PreferredFloatVector = 0)
{

    /// <summary>The name `--device` accepts for exactly this device: cuda:N, opencl:N, cpu, ilgpu-cpu or cpu-ref.</summary>
    public string Id => Backend switch
    {
        Backend.Cuda => $"cuda:{Index}",
        Backend.OpenCl => $"opencl:{Index}",
        Backend.Cpu => "cpu",
        Backend.IlgpuCpu => "ilgpu-cpu",
        _ => "cpu-ref",
    };

    public override string ToString() => $"{Id} ({Name})";
}

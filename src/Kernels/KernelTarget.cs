namespace GrnGpu.Kernels;

/// <summary>The language a kernel file is composed for.</summary>
public enum KernelTarget
{
    /// <summary>CUDA C++ for NVRTC.</summary>
    Cuda,
    /// <summary>OpenCL C 1.2.</summary>
    OpenCl,
}

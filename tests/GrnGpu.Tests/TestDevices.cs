using GrnGpu.Engine.Devices;
using Xunit;

namespace GrnGpu.Tests;

/// <summary>
/// Devices for tests, by kind: "cpu", "opencl", "cuda", "ilgpu-cpu" or "cpu-ref". The cpu device is always there. An absent OpenCL device skips the test
/// (fails with GRN_REQUIRE_OPENCL=1, as in CI); an absent CUDA device skips it (GRN_REQUIRE_CUDA=1 on a GPU machine).
/// </summary>
public static class TestDevices
{
    public static readonly TheoryData<string> AllKinds = new("cpu", "opencl", "cuda", "cpu-ref");
    /// <summary>
    /// The devices that run kernels (the subjects of the op checks; the reference device is their oracle). ilgpu-cpu (ILGPU's
    /// CPU accelerator running the C# GPU kernels) is always there: the whole op catalog takes it about 2.5 minutes.
    /// </summary>
    public static readonly TheoryData<string> KernelKinds = new("cpu", "opencl", "cuda", "ilgpu-cpu");
    /// <summary>
    /// The devices whole-model training steps are checked on: the kernel devices less ilgpu-cpu, whose three small models
    /// take about 6 minutes on ILGPU's CPU accelerator (they pass; run them with GRN_ILGPU_MODELS=1).
    /// </summary>
    public static TheoryData<string> ModelKinds() =>
        Environment.GetEnvironmentVariable("GRN_ILGPU_MODELS") == "1" ? KernelKinds : new("cpu", "opencl", "cuda");

    public static readonly TheoryData<string> GpuKinds = new("opencl", "cuda");

    public static ComputeDevice Get(string kind)
    {
        var inventory = DeviceRegistry.Discover();
        switch (kind)
        {
            case "opencl":
                Requirements.Need(inventory.Of(Backend.OpenCl).Any(), "GRN_REQUIRE_OPENCL",
                    "no OpenCL device: " + string.Join("; ", inventory.Notes));
                break;
            case "cuda":
                Requirements.Need(inventory.Of(Backend.Cuda).Any() && inventory.CudaUnusable == null, "GRN_REQUIRE_CUDA",
                    "no CUDA GPU: " + string.Join("; ", inventory.Notes));
                break;
        }
        return DeviceRegistry.Open(kind);
    }

    public static GpuDevice Gpu(string kind) => (GpuDevice)Get(kind);
}

using GrnGpu.Engine.Devices;
using Xunit;

namespace GrnGpu.Tests;

/// <summary>
/// Devices for tests, by kind: "cpu", "cuda", "opencl", "ilgpu-cpu" or "cpu-ref". The cpu, ilgpu-cpu and reference devices are
/// always there. An absent CUDA GPU skips the test with its reason (GRN_REQUIRE_CUDA=1 on a GPU machine turns that into a
/// failure, as bench/gpu-check.sh sets it); likewise an absent OpenCL 2.0+ GPU (GRN_REQUIRE_OPENCL=1).
/// </summary>
public static class TestDevices
{
    public static readonly TheoryData<string> AllKinds = new("cpu", "cuda", "cpu-ref");
    /// <summary>
    /// The devices that run kernels (the subjects of the op checks; the reference device is their oracle). ilgpu-cpu (ILGPU's
    /// CPU accelerator running the C# GPU kernels) is always there: the whole op catalog takes it about 2.5 minutes.
    /// </summary>
    public static readonly TheoryData<string> KernelKinds = new("cpu", "cuda", "ilgpu-cpu");
    /// <summary>
    /// The devices whole-model training steps are checked on: the kernel devices less ilgpu-cpu, whose three small models
    /// take about 6 minutes on ILGPU's CPU accelerator (they pass; run them with GRN_ILGPU_MODELS=1).
    /// </summary>
    public static TheoryData<string> ModelKinds() =>
        Environment.GetEnvironmentVariable("GRN_ILGPU_MODELS") == "1" ? KernelKinds : new("cpu", "cuda");

    public static readonly TheoryData<string> GpuKinds = new("cuda", "opencl");

    public static ComputeDevice Get(string kind)
    {
        var inventory = DeviceRegistry.Discover();
        switch (kind)
        {
            case "opencl":
                Requirements.Need(inventory.Of(Backend.OpenCl).Any(), "GRN_REQUIRE_OPENCL",
                    "no OpenCL 2.0+ GPU: " + string.Join("; ", inventory.Notes));
                break;
            case "cuda":
                Requirements.Need(inventory.Of(Backend.Cuda).Any(), "GRN_REQUIRE_CUDA",
                    "no CUDA GPU: " + string.Join("; ", inventory.Notes));
                break;
        }
        return DeviceRegistry.Open(kind);
    }
}

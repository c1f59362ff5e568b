using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using Xunit;

namespace GrnGpu.Tests.Engine;

public class DeviceRegistryTests
{
    [Fact]
    public void TheCpuAndReferenceDevicesAreAlwaysListed()
    {
        var inventory = DeviceRegistry.Discover();
        Assert.Single(inventory.Of(Backend.Reference));
        Assert.Single(inventory.Of(Backend.Cpu));
        Assert.Equal(DeviceRegistry.Resolve(inventory, "auto"), DeviceRegistry.Resolve("auto"));
        Assert.Equal("cpu-ref", DeviceRegistry.Resolve("cpu-ref").Id);
        Assert.Equal("cpu", DeviceRegistry.Resolve("CPU").Id);
    }

    private static DeviceInfo Made(Backend backend, DeviceType type, int index = 0) =>
        new(backend, index, $"{backend} {type}", type, 4, 1L << 30, "test", "test", 256, 0);

    /// <summary>auto: a CUDA GPU, then an OpenCL GPU, else the cpu device; never an OpenCL CPU, never ilgpu-cpu, never the reference.</summary>
    [Fact]
    public void AutoPicksAWorkingGpuElseTheCpuDevice()
    {
        var cpu = Made(Backend.Cpu, DeviceType.Cpu);
        var reference = Made(Backend.Reference, DeviceType.Host);
        var pocl = Made(Backend.OpenCl, DeviceType.Cpu);
        var openClGpu = Made(Backend.OpenCl, DeviceType.Gpu, 1);
        var cuda = Made(Backend.Cuda, DeviceType.Gpu);
        Assert.Equal(cpu, new DeviceInventory([pocl, cpu, reference], []).Auto);
        Assert.Equal(openClGpu, new DeviceInventory([pocl, openClGpu, cpu, reference], []).Auto);
        Assert.Equal(cuda, new DeviceInventory([cuda, openClGpu, cpu, reference], []).Auto);
        Assert.Equal(cpu, new DeviceInventory([Made(Backend.IlgpuCpu, DeviceType.Cpu), cpu, reference], []).Auto);
    }

    [Theory]
    [InlineData("gpu", "unknown device 'gpu'")]
    [InlineData("opencl:x", "bad device index")]
    [InlineData("opencl:-1", "bad device index")]
    [InlineData("opencl:99", "opencl:99")]
    [InlineData("cuda:99", "cuda")]
    [InlineData("ilgpu-cuda", "unknown device")]
    public void BadDeviceNamesGiveAClearError(string spec, string expected)
    {
        var e = Assert.Throws<GrnException>(() => DeviceRegistry.Resolve(spec));
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A GPU name on a machine without one: one line naming what is missing and what runs instead.</summary>
    [Fact]
    public void AGpuNameWithoutThatGpuSaysWhatIsMissing()
    {
        var inventory = new DeviceInventory([Made(Backend.Cpu, DeviceType.Cpu), Made(Backend.Reference, DeviceType.Host)],
            ["CUDA: no NVIDIA GPU or driver found", "OpenCL: 1 device(s) found, none a GPU with OpenCL 2.0's generic address space"]);
        var cuda = Assert.Throws<GrnException>(() => DeviceRegistry.Resolve(inventory, "cuda:7"));
        Assert.Contains("no CUDA device found (CUDA: no NVIDIA GPU or driver found)", cuda.Message);
        Assert.Contains("--device cpu", cuda.Message);
        var cl = Assert.Throws<GrnException>(() => DeviceRegistry.Resolve(inventory, "opencl"));
        Assert.Contains("OpenCL 2.0", cl.Message);
        var one = new DeviceInventory([Made(Backend.Cuda, DeviceType.Gpu), Made(Backend.Cpu, DeviceType.Cpu)], []);
        Assert.Contains("1 CUDA device(s) found (cuda:0)", Assert.Throws<GrnException>(() => DeviceRegistry.Resolve(one, "cuda:7")).Message);
        Assert.Equal("cuda:0", DeviceRegistry.Resolve(one, "cuda").Id);
    }
}

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

    /// <summary>auto: a GPU that works (CUDA with NVRTC, then an OpenCL GPU), else the cpu device; never PoCL, never the reference.</summary>
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
        Assert.Equal(openClGpu, new DeviceInventory([cuda, openClGpu, cpu, reference], [], CudaUnusable: "no NVRTC").Auto);
        Assert.Equal(cpu, new DeviceInventory([cuda, pocl, cpu, reference], [], CudaUnusable: "no NVRTC").Auto);
    }

    [Theory]
    [InlineData("gpu", "unknown device 'gpu'")]
    [InlineData("opencl:x", "bad device index")]
    [InlineData("opencl:-1", "bad device index")]
    [InlineData("opencl:99", "opencl:99")]
    [InlineData("cuda:99", "cuda")]
    public void BadDeviceNamesGiveAClearError(string spec, string expected)
    {
        var e = Assert.Throws<GrnException>(() => DeviceRegistry.Resolve(spec));
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void OpenClDevicesAreNumberedAcrossPlatformsAndResolveByIndex()
    {
        TestDevices.Get("opencl");
        var all = DeviceRegistry.Discover().Of(Backend.OpenCl).ToList();
        Assert.Equal(Enumerable.Range(0, all.Count), all.Select(d => d.Index));
        foreach (var d in all) Assert.Equal(d, DeviceRegistry.Resolve(d.Id));
        Assert.All(all, d => Assert.True(d.MaxGroupSize > 0 && d.ComputeUnits > 0 && d.GlobalMemoryBytes > 0));
    }
}

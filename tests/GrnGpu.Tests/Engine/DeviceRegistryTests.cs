using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using Xunit;

namespace GrnGpu.Tests.Engine;

public class DeviceRegistryTests
{
    [Fact]
    public void TheReferenceDeviceIsAlwaysListedAndAutoPicksTheBestBackend()
    {
        var inventory = DeviceRegistry.Discover();
        Assert.Single(inventory.Of(Backend.Reference));
        var auto = inventory.Auto;
        if (inventory.Of(Backend.Cuda).Any() && inventory.CudaUnusable == null) Assert.Equal(Backend.Cuda, auto.Backend);
        else if (inventory.Of(Backend.OpenCl).Any()) Assert.Equal(Backend.OpenCl, auto.Backend);
        else Assert.Equal(Backend.Reference, auto.Backend);
        Assert.Equal(auto, DeviceRegistry.Resolve("auto"));
        Assert.Equal("cpu-ref", DeviceRegistry.Resolve("cpu-ref").Id);
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

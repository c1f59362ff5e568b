using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Ops.Gemm;
using Xunit;

namespace GrnGpu.Tests.Engine;

public class DeviceLayerTests
{
    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void SelfTestPasses(string kind)
    {
        var device = TestDevices.Get(kind);
        var results = SelfTest.Run(device, seed: 7).ToList();
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Check}: {r.Failure ?? $"error {r.Error} > {r.Tolerance}"}"));
        Assert.NotNull(results[^1].Gflops);
    }

    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void TensorsRoundTripAndReshapeSharesStorage(string kind)
    {
        var device = TestDevices.Get(kind);
        var values = Enumerable.Range(0, 2 * 3 * 5 * 7).Select(i => i * 0.5f - 3).ToArray();
        using var t = Tensor.FromArray(device, new Shape(2, 3, 5, 7), values);
        Assert.Equal(values, t.ToArray());
        var flat = t.Reshape(new Shape(2, 105));
        Assert.Same(t.Buffer, flat.Buffer);
        t.Dispose();
        Assert.Equal(values, flat.ToArray());   // storage lives while a view does
        long cached = device.Pool.BytesCached;
        flat.Dispose();
        Assert.True(device.Pool.BytesCached > cached, "the last view's dispose returns the buffer to the pool");
        Assert.Throws<ObjectDisposedException>(() => flat.ToArray());
    }

    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void CopyFillAndOffsetsAreExactAndRangeChecked(string kind)
    {
        var device = TestDevices.Get(kind);
        using var a = Tensor.FromArray(device, new Shape(10), Enumerable.Range(1, 10).Select(i => (float)i).ToArray());
        using var b = Tensor.Full(device, new Shape(10), -1f);
        device.Copy(a.Buffer, 2, b.Buffer, 5, 3);
        device.Fill(b.Buffer, 0, 2, 9f);
        Assert.Equal(new float[] { 9, 9, -1, -1, -1, 3, 4, 5, -1, -1 }, b.ToArray());
        var part = new float[4];
        device.Read(a.Buffer, 6, part);
        Assert.Equal(new float[] { 7, 8, 9, 10 }, part);
        // Buffers come from the pool's size classes: the checks are against the buffer's capacity.
        long capacity = a.Buffer.Floats;
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Copy(a.Buffer, capacity - 2, b.Buffer, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Read(a.Buffer, capacity - 3, new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Write(a.Buffer, -1, new float[1]));
    }

    [Fact]
    public void PoolReusesAReturnedBufferOfTheSameSizeClass()
    {
        var device = TestDevices.Get("cpu-ref");
        var first = Tensor.Empty(device, new Shape(1000));
        var buffer = first.Buffer;
        first.Dispose();
        using var second = Tensor.Empty(device, new Shape(990));
        Assert.Same(buffer, second.Buffer);
    }

    [Fact]
    public void PoolHoldsAtMostAQuarterMoreThanItsPeakInUse()
    {
        // Sizes more than twice apart, so that no request can borrow another class's buffer: steps that rent 16 MB and
        // 1 MB, then 7 MB and 1 MB, then 3 MB and 1 MB would leave 27 MB parked for a 17 MB peak without the bound.
        using var device = new ReferenceDevice();
        var pool = new BufferPool(device);
        const long mb = 1 << 20;
        foreach (long big in new[] { 16 * mb, 7 * mb, 3 * mb })
        {
            var a = pool.Rent(big);
            var b = pool.Rent(mb);
            pool.Return(a);
            pool.Return(b);
        }
        long peak = 17 * mb;
        Assert.Equal(peak, pool.PeakBytesInUse);
        Assert.True(pool.BytesCached <= 1.25 * peak, $"{pool.BytesCached / mb} MB parked for a {peak / mb} MB peak");
        Assert.True(pool.BytesCached >= 4 * mb, "what the last step used stays parked");
    }

    [Fact]
    public void SizeClassesCoverTheRequestAndWasteAtMostAFifth()
    {
        long previous = 0;
        for (long bytes = 1; bytes < 1L << 34; bytes = bytes * 3 / 2 + 7)
        {
            long size = BufferPool.SizeClass(bytes);
            Assert.True(size >= bytes && size >= previous, $"class {size} for {bytes}");
            if (bytes > 256) Assert.True(size <= bytes * 1.25 + 1, $"class {size} wastes too much for {bytes}");
            previous = size;
        }
    }

    /// <summary>Timing events on each kernel device's clock (ILGPU's profiling markers on ilgpu-cpu and GPUs): the products run between them.</summary>
    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    [InlineData("cuda")]
    public void DeviceTimingEventsMeasureKernelTime(string kind)
    {
        var gpu = TestDevices.Get(kind);
        const int n = 96;
        using var a = Tensor.Full(gpu, new Shape(n, n), 1f);
        using var c = Tensor.Empty(gpu, new Shape(n, n));
        using var start = gpu.Record();
        for (int i = 0; i < 3; i++) GemmOp.Multiply(a, false, a, false, c, n, n, n);
        using var end = gpu.Record();
        double ms = end.MillisecondsSince(start);
        Assert.True(ms > 0 && ms < 60_000, $"elapsed {ms} ms");
        Assert.All(c.ToArray(), v => Assert.Equal(n, v));
    }
}

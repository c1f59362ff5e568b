using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Gemm;
using Xunit;

namespace GrnGpu.Tests.Engine;

/// <summary>
/// What a first GPU would otherwise find, caught without one: only out-of-memory is retried by the pool, the simulated
/// GPU's limits and its record of launches, a batch too large for the GPU's memory named with its bytes, and the GEMM's
/// row tiles striding past the grid's y limit while a real (ILGPU CPU accelerator) product stays exact.
/// </summary>
public class GpuBringUpTests
{
    private sealed class FailingDevice(Func<int, Exception?> failure) : ComputeDevice(CpuDevice.Describe())
    {
        public int Allocations, Frees;

        protected internal override DeviceBuffer AllocateBuffer(long bytes)
        {
            if (failure(++Allocations) is { } e) throw e;
            return new DeviceBuffer(this, bytes, (ulong)Allocations);
        }

        protected internal override void FreeBuffer(DeviceBuffer buffer) => Frees++;
        protected override DeviceBuffer CreateView(DeviceBuffer parent, long offset, long count) => throw new NotSupportedException();
        public override void Write(DeviceBuffer dst, long dstOffset, ReadOnlySpan<float> src) { }
        public override void Read(DeviceBuffer src, long srcOffset, Span<float> dst) { }
        public override void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count) { }
        public override void Fill(DeviceBuffer dst, long dstOffset, long count, float value) { }
        public override void Synchronize() { }
        public override TimingEvent Record() => new HostTimingEvent();
    }

    [Fact]
    public void AnErrorThatIsNotOutOfMemoryIsNotRetried()
    {
        var device = new FailingDevice(n => n == 2 ? new GrnException("CUDA error: an illegal memory access was encountered") : null);
        // One cached buffer that a retry would free; larger than the failing request, so that the pool's bound on what
        // it holds (1.25 x its peak in use) does not free it before allocating either.
        device.Pool.Return(device.Pool.Rent(1 << 20));
        var e = Assert.Throws<GrnException>(() => device.Pool.Rent(1024));
        Assert.Contains("illegal memory access", e.Message);
        Assert.Equal(2, device.Allocations);   // no second attempt
        Assert.Equal(0, device.Frees);         // and the cache was left alone
    }

    [Fact]
    public void OutOfMemoryFreesTheCacheAndRetriesOnce()
    {
        var device = new FailingDevice(n => n == 2 ? new OutOfDeviceMemoryException("out of memory") : null);
        device.Pool.Return(device.Pool.Rent(1 << 20));   // within the pool's bound: only the out-of-memory retry frees it
        var buffer = device.Pool.Rent(1024);
        Assert.Equal(3, device.Allocations);
        Assert.Equal(1, device.Frees);
        Assert.Equal(1024, buffer.Bytes);
    }

    [Fact]
    public void ABufferLargerThanTheSimulatedGpusMemoryIsRefusedWithItsBytes()
    {
        using var gpu = IlgpuDevice.Simulated(GpuLimits.H100 with { MemoryBytes = 1L << 30 });
        var e = Assert.Throws<OutOfDeviceMemoryException>(() => Tensor.Empty(gpu, new Shape(1 << 29)));   // 2 GiB of floats
        Assert.Contains("2,147,483,648 bytes", e.Message);
    }

    [Fact]
    public void TheSimulatedGpuRecordsLaunchesWithTheirGridsAndRunsNothing()
    {
        using var gpu = IlgpuDevice.Simulated(GpuLimits.H100);
        using var a = Tensor.Empty(gpu, new Shape(64 * 32));
        using var b = Tensor.Empty(gpu, new Shape(32 * 16));
        using var c = Tensor.Empty(gpu, new Shape(64 * 16));
        gpu.Simulator!.Reset();
        GemmOp.Multiply(a, false, b, false, c, 64, 16, 32);
        var launch = Assert.Single(gpu.Simulator.Launches);
        Assert.Equal("gemm_tf32_mma", launch.Kernel);   // an H100 with the default TF32 precision
        Assert.Equal((1, 1, 1), launch.Grid);
        Assert.Equal((256, 1, 1), launch.Group);
        Assert.Equal(new float[64 * 16], c.ToArray());   // nothing ran: reads are zeros, and counted
        Assert.Single(gpu.Simulator.HostReads);
        using var fp32 = IlgpuDevice.Simulated(GpuLimits.H100, GemmPrecision.Fp32);
        using var a32 = Tensor.Empty(fp32, new Shape(64 * 32));
        using var b32 = Tensor.Empty(fp32, new Shape(32 * 16));
        using var c32 = Tensor.Empty(fp32, new Shape(64 * 16));
        GemmOp.Multiply(a32, false, b32, false, c32, 64, 16, 32);
        Assert.Equal("gemm_tiled", fp32.Simulator!.Launches[^1].Kernel);
        // A GPU without TF32 tensor cores (sm_70) takes the FP32 kernel whatever is asked.
        using var v100 = IlgpuDevice.Simulated(GpuLimits.H100 with { ComputeCapability = 70 });
        Assert.False(v100.ProductsInTf32);
    }

    [Fact]
    public void AGridPastTheYLimitIsAViolation()
    {
        // M = 5M rows: 78k row tiles of 64, past CUDA's grid y limit of 65535, which the simulated H100 reports.
        using var gpu = IlgpuDevice.Simulated(GpuLimits.H100);
        const int m = 5_000_000, k = 3, n = 2;
        using var a = Tensor.Empty(gpu, new Shape(m * k));
        using var b = Tensor.Empty(gpu, new Shape(k * n));
        using var c = Tensor.Empty(gpu, new Shape(m * n));
        GemmOp.Multiply(a, false, b, false, c, m, n, k);
        Assert.Contains(gpu.Simulator!.Violations, v => v.Contains("grid outside", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTiledGemmIsExactOnSmallIntegersOverSeveralTiles()
    {
        // The tiled kernel on ILGPU's CPU accelerator: M and N span several 64-wide tiles, K several 16-deep steps; small
        // integers make every float sum exact whatever the order.
        var gpu = TestDevices.Get("ilgpu-cpu");
        const int m = 130, k = 37, n = 70;
        var av = Enumerable.Range(0, m * k).Select(i => (float)(i % 7 - 3)).ToArray();
        var bv = Enumerable.Range(0, k * n).Select(i => (float)(i % 5 - 2)).ToArray();
        using var a = Tensor.FromArray(gpu, new Shape(m * k), av);
        using var b = Tensor.FromArray(gpu, new Shape(k * n), bv);
        using var c = Tensor.Empty(gpu, new Shape(m * n));
        GemmOp.Multiply(a, false, b, false, c, m, n, k);
        var got = c.ToArray();
        for (int r = 0; r < m; r++)
            for (int j = 0; j < n; j++)
            {
                float want = 0;
                for (int q = 0; q < k; q++) want += av[r * k + q] * bv[q * n + j];
                Assert.Equal(want, got[r * n + j]);
            }
    }

    /// <summary>
    /// The largest batch that fits a GPU's memory, from simulated steps: the step's peak grows with the batch, and the
    /// batch found fits while the next one does not.
    /// </summary>
    [Fact]
    public void TheLargestBatchThatFitsIsFoundOnTheSimulatedGpu()
    {
        var dims = GrnGpu.Models.Networks.NetworkDimensions.Small;
        long at4 = GrnGpu.Models.Training.BatchFit.StepPeakBytes(GrnGpu.Models.ModelKind.Rna, dims, 4);
        long at8 = GrnGpu.Models.Training.BatchFit.StepPeakBytes(GrnGpu.Models.ModelKind.Rna, dims, 8);
        Assert.True(at8 > at4 && at4 > 0, $"{at4} then {at8} bytes");
        long budget = (at4 + at8) / 2;
        int largest = GrnGpu.Models.Training.BatchFit.Largest(GrnGpu.Models.ModelKind.Rna, dims, budget, failed: 32);
        Assert.InRange(largest, 4, 7);
        Assert.True(GrnGpu.Models.Training.BatchFit.StepPeakBytes(GrnGpu.Models.ModelKind.Rna, dims, largest) <= budget);
        Assert.True(GrnGpu.Models.Training.BatchFit.StepPeakBytes(GrnGpu.Models.ModelKind.Rna, dims, largest + 1) > budget);
    }
}

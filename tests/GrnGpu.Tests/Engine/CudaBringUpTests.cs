using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Native;
using GrnGpu.Engine.Ops;
using GrnGpu.Kernels;
using Xunit;

namespace GrnGpu.Tests.Engine;

/// <summary>
/// The failures a first NVIDIA GPU would otherwise have found (issue 11, items 1-6), each caught without one: NVRTC
/// newer than the driver, CUDA picked without NVRTC, every error retried as out-of-memory, asynchronous faults named
/// late, unchecked kernel arguments, and the grid's y limit.
/// </summary>
public class CudaBringUpTests
{
    private static void NeedNvrtc() =>
        Requirements.Need(NvrtcCompiler.IsAvailable(out var why), "GRN_REQUIRE_NVRTC", why);

    // ---- 1. NVRTC newer than the driver -------------------------------------------------------------------------

    [Theory]
    [InlineData(80)]
    [InlineData(90)]
    public void KernelsCompileToCubinForTheDevicesOwnArchitecture(int sm)
    {
        NeedNvrtc();
        Assert.True(NvrtcCompiler.CanCompileCubin(sm), $"NVRTC {NvrtcCompiler.Version} should emit CUBIN for sm_{sm}");
        var output = NvrtcCompiler.CompileForDevice("selftest.c", KernelSource.Compose("selftest.c", KernelTarget.Cuda), sm, []);
        Assert.True(output.IsCubin);
        Assert.Equal(sm, output.Arch);
        Assert.Equal([0x7f, (byte)'E', (byte)'L', (byte)'F'], output.Image[..4]);   // machine code: the driver compiles nothing
    }

    [Fact]
    public void AnArchitectureNvrtcDoesNotKnowFallsBackToPtxForTheNewestBelowIt()
    {
        NeedNvrtc();
        // sm_999 is known to no NVRTC: the fallback is PTX that the driver JIT-compiles forward.
        var output = NvrtcCompiler.CompileForDevice("selftest.c", KernelSource.Compose("selftest.c", KernelTarget.Cuda), 999, []);
        Assert.False(output.IsCubin);
        Assert.Contains(".target sm_", System.Text.Encoding.UTF8.GetString(output.Image));
        Assert.True(output.Arch < 999);
    }

    [Fact]
    public void APtxVersionErrorNamesBothVersionsAndWhatToInstall()
    {
        // Simulated: a CUDA 12.6 NVRTC whose PTX a CUDA 12.2 driver cannot read.
        string message = CudaDevice.ModuleLoadError("gemm.c", CudaApi.CUDA_ERROR_UNSUPPORTED_PTX_VERSION, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
            cubin: false, arch: 90, nvrtcVersion: "12.6", driverVersion: 12020, computeCapability: 100, jitLog: "ptxas fatal: Unsupported .version 8.5");
        Assert.Contains("gemm.c", message);
        Assert.Contains("NVRTC 12.6", message);
        Assert.Contains("CUDA 12.2 driver", message);
        Assert.Contains("Install an NVRTC no newer than CUDA 12.2", message);
        Assert.Contains("update the NVIDIA driver", message);
        Assert.Contains("Unsupported .version 8.5", message);   // the JIT's own log
        // Any other load failure is reported as it is, without the advice.
        string other = CudaDevice.ModuleLoadError("gemm.c", 1, "CUDA_ERROR_INVALID_VALUE", true, 90, "11.8", 12020, 90, "");
        Assert.DoesNotContain("Install", other);
    }

    // ---- 2. --device auto without NVRTC ------------------------------------------------------------------------

    private static DeviceInfo FakeCuda() => new(Backend.Cuda, 0, "NVIDIA H100", DeviceType.Gpu, 132, 80L << 30, "CUDA driver 12.4, sm_90", "CUDA", 1024, 49152);

    private static DeviceInfo FakeOpenCl() => new(Backend.OpenCl, 0, "cpu", DeviceType.Cpu, 2, 1L << 30, "OpenCL 1.2", "PoCL", 4096, 65536);

    [Fact]
    public void AutoDoesNotPickCudaWithoutNvrtcAndSaysWhy()
    {
        var why = "the CUDA driver works but NVRTC does not load, so no kernel can be compiled: no NVRTC library found";
        var inventory = new DeviceInventory([FakeCuda(), FakeOpenCl(), CpuDevice.Describe(), ReferenceDevice.Describe()], [$"CUDA: not used: {why}"], why);
        // Without NVRTC the GPU is listed but not picked; the OpenCL device here is a CPU (PoCL), so auto takes the cpu device.
        Assert.Equal(Backend.Cpu, inventory.Auto.Backend);
        Assert.Equal(Backend.Cpu, DeviceRegistry.Resolve(inventory, "auto").Backend);
        var e = Assert.Throws<GrnException>(() => DeviceRegistry.Resolve(inventory, "cuda"));
        Assert.Contains("NVRTC", e.Message);
        // With NVRTC, CUDA comes first.
        var usable = inventory with { CudaUnusable = null };
        Assert.Equal(Backend.Cuda, usable.Auto.Backend);
        Assert.Equal("cuda:0", DeviceRegistry.Resolve(usable, "cuda").Id);
    }

    // ---- 3. only out-of-memory is retried ----------------------------------------------------------------------

    private sealed class FailingDevice(Func<int, Exception?> failure) : ComputeDevice(FakeOpenCl())
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
        var device = new FailingDevice(n => n == 2 ? new GrnException("CUDA cuMemAlloc failed: CUDA_ERROR_ILLEGAL_ADDRESS (700)") : null);
        // One cached buffer that a retry would free; larger than the failing request, so that the pool's bound on what
        // it holds (1.25 x its peak in use) does not free it before allocating either.
        device.Pool.Return(device.Pool.Rent(1 << 20));
        var e = Assert.Throws<GrnException>(() => device.Pool.Rent(1024));
        Assert.Contains("ILLEGAL_ADDRESS", e.Message);
        Assert.Equal(2, device.Allocations);   // no second attempt
        Assert.Equal(0, device.Frees);         // and the cache was left alone
    }

    [Fact]
    public void OutOfMemoryFreesTheCacheAndRetriesOnce()
    {
        var device = new FailingDevice(n => n == 2 ? new OutOfDeviceMemoryException("CUDA cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY (2)") : null);
        device.Pool.Return(device.Pool.Rent(1 << 20));   // within the pool's bound: only the out-of-memory retry frees it
        var buffer = device.Pool.Rent(1024);
        Assert.Equal(3, device.Allocations);
        Assert.Equal(1, device.Frees);
        Assert.Equal(1024, buffer.Bytes);
    }

    [Theory]
    [InlineData(2, true)]      // CUDA_ERROR_OUT_OF_MEMORY
    [InlineData(700, false)]   // CUDA_ERROR_ILLEGAL_ADDRESS
    public void OnlyTheOutOfMemoryStatusBecomesAnOutOfMemoryError(int status, bool outOfMemory)
    {
        var cu = CudaApi.TryGet(out _);
        Exception e;
        if (cu != null) e = Assert.ThrowsAny<GrnException>(() => cu.Check(status, "cuMemAlloc"));
        else e = status == 2 ? new OutOfDeviceMemoryException("") : new GrnException("");   // no driver: the mapping below still runs
        Assert.Equal(outOfMemory, e is OutOfDeviceMemoryException);
        Assert.IsType<OutOfDeviceMemoryException>(Assert.ThrowsAny<GrnException>(() => OpenClApi.Check(-4, "clCreateBuffer")));
        Assert.IsNotType<OutOfDeviceMemoryException>(Assert.ThrowsAny<GrnException>(() => OpenClApi.Check(-36, "clEnqueueNDRangeKernel")));
    }

    // ---- 4. GRN_SYNC --------------------------------------------------------------------------------------------

    private const string Probe = "KERNEL void probe(GLOBAL float* x, int n, float scale) { int i = GLOBAL_ID(0); if (i < n) x[i] *= scale; }";

    [Fact]
    public void WithSyncAFaultIsReportedAtItsOwnLaunchWithTheKernelAndItsArguments()
    {
        var gpu = new SimulatedGpuDevice(GpuLimits.H100) { SyncAfterLaunch = true };
        gpu.OnSynchronize = () => throw new GrnException("CUDA cuStreamSynchronize failed: CUDA_ERROR_ILLEGAL_ADDRESS (700)");
        using var x = Tensor.Empty(gpu, new Shape(4096));
        var e = Assert.Throws<GrnException>(() => gpu.Launch1D(gpu.KernelFromText("probe.c", Probe, "probe"), 4096, x, 4096, 2f));
        Assert.Contains("kernel probe failed", e.Message);
        Assert.Contains("x: float[4096], n = 4096, scale = 2", e.Message);
        Assert.Contains("ILLEGAL_ADDRESS", e.Message);
        // Without sync the launch returns and the fault would surface later, elsewhere.
        gpu.SyncAfterLaunch = false;
        gpu.Launch1D(gpu.KernelFromText("probe.c", Probe, "probe"), 4096, x, 4096, 2f);
    }

    [Fact]
    public void SyncIsOnWhereGrnSyncSaysSo()
    {
        bool before = GpuDevice.SyncByDefault;
        try
        {
            GpuDevice.SyncByDefault = true;
            Assert.True(new SimulatedGpuDevice(GpuLimits.H100).SyncAfterLaunch is false);   // the simulator never syncs by default
            var gpu = TestDevices.Gpu("opencl");
            gpu.SyncAfterLaunch = true;
            using var x = Tensor.FromArray(gpu, new Shape(3), [1f, 2f, 3f]);
            gpu.Launch1D(gpu.KernelFromText("probe.c", Probe, "probe"), 3, x, 3, 2f);
            Assert.Equal([2f, 4f, 6f], x.ToArray());
        }
        finally
        {
            GpuDevice.SyncByDefault = before;
            if (DeviceRegistry.Discover().Of(Backend.OpenCl).Any()) TestDevices.Gpu("opencl").SyncAfterLaunch = before;
        }
    }

    // ---- 5. kernel arguments checked at launch, on every backend ------------------------------------------------

    public static TheoryData<string> Backends => new("opencl", "cuda", "simulated");

    private static GpuDevice Open(string kind) => kind == "simulated" ? new SimulatedGpuDevice(GpuLimits.H100) : TestDevices.Gpu(kind);

    [Theory, MemberData(nameof(Backends))]
    public void AWrongArgumentCountOrKindIsRejectedAtLaunch(string kind)
    {
        var gpu = Open(kind);
        using var x = Tensor.Zeros(gpu, new Shape(8));
        var kernel = gpu.KernelFromText("probe.c", Probe, "probe");
        var few = Assert.Throws<ArgumentException>(() => gpu.Launch1D(kernel, 8, x, 8));
        Assert.Contains("2 arguments for 3 parameters", few.Message);
        var many = Assert.Throws<ArgumentException>(() => gpu.Launch1D(kernel, 8, x, 8, 2f, 1));
        Assert.Contains("4 arguments for 3 parameters", many.Message);
        var intForFloat = Assert.Throws<ArgumentException>(() => gpu.Launch1D(kernel, 8, x, 8, 2));
        Assert.Contains("argument 2 (float scale) needs a float, got the int 2", intForFloat.Message);
        var floatForInt = Assert.Throws<ArgumentException>(() => gpu.Launch1D(kernel, 8, x, 8f, 2f));
        Assert.Contains("argument 1 (int n) needs an int", floatForInt.Message);
        var scalarForBuffer = Assert.Throws<ArgumentException>(() => gpu.Launch1D(kernel, 8, 0, 8, 2f));
        Assert.Contains("needs a buffer", scalarForBuffer.Message);
    }

    [Fact]
    public void EveryEntryPointOfEveryKernelFileHasASignature()
    {
        int entries = 0;
        foreach (var file in KernelSource.Files)
        {
            var text = KernelSource.Read(file);
            var signatures = KernelSignatures.Parse(text);
            int declared = System.Text.RegularExpressions.Regex.Matches(text, @"\bKERNEL(_BOUNDED\([^)]*\))?\s+void\s+\w+").Count;
            Assert.True(signatures.Count > 0, $"{file} has no entry point");
            Assert.True(declared >= signatures.Count, file);
            entries += signatures.Count;
        }
        Assert.True(entries >= 30);
        var gemm = KernelSignatures.Parse(KernelSource.Read("gemm.c"))["gemm_tiled"];
        Assert.Equal(KernelParamKind.Buffer, gemm.Parameters[0].Kind);
        Assert.Equal("lda", gemm.Parameters[2].Name);
        Assert.Contains(gemm.Parameters, p => p is { Name: "alpha", Kind: KernelParamKind.Float });
    }

    [Theory]
    [InlineData("KERNEL void k(GLOBAL double* x) { }", "GLOBAL float pointer")]
    [InlineData("KERNEL void k(GLOBAL float* x, long n) { }", "type 'long'")]
    [InlineData("KERNEL void k(SHARED_PTR float* x) { }", "GLOBAL float pointer")]
    public void AParameterTheLaunchPathCannotPassIsRejectedWhenTheSourceIsComposed(string source, string expected)
    {
        var e = Assert.Throws<FormatException>(() => KernelSignatures.Parse(source));
        Assert.Contains(expected, e.Message);
        var gpu = new SimulatedGpuDevice(GpuLimits.H100);
        Assert.Throws<KernelCompileException>(() => gpu.KernelFromText("bad.c", source, "k"));
    }

    [Fact]
    public void AnEntryPointThatIsNotInTheFileIsNamedWithTheOnesThatAre()
    {
        var gpu = new SimulatedGpuDevice(GpuLimits.H100);
        var e = Assert.Throws<GrnException>(() => gpu.Kernel("gemm.c", "gemm_tilde"));
        Assert.Contains("gemm_tiled", e.Message);
    }

    // ---- 6. grid limits and int indices -------------------------------------------------------------------------

    [Fact]
    public void AGridPastCudasYLimitIsRejected()
    {
        var gpu = new SimulatedGpuDevice(GpuLimits.H100);
        using var x = Tensor.Zeros(gpu, new Shape(8));
        var kernel = gpu.KernelFromText("probe.c", Probe, "probe");
        var e = Assert.Throws<ArgumentException>(() => gpu.Launch(kernel, new Dim3(1, 65536), new Dim3(32), x, 8, 1f));
        Assert.Contains("exceeds the device limit", e.Message);
        gpu.Launch(kernel, new Dim3(1, 65535), new Dim3(32), x, 8, 1f);
    }

    [Fact]
    public void AGemmWithMoreThan65535RowTilesFoldsItsRowsIntoTheGrid()
    {
        // M = 5M rows (82k row tiles of 64): launched within the y limit; the kernel strides over the rest.
        var gpu = new SimulatedGpuDevice(GpuLimits.H100);
        const int m = 5_000_000, k = 3, n = 2;
        using var a = Tensor.Empty(gpu, new Shape(m * k));
        using var b = Tensor.Empty(gpu, new Shape(k * n));
        using var c = Tensor.Empty(gpu, new Shape(m * n));
        GemmOp.Multiply(a, false, b, false, c, m, n, k);
        Assert.All(gpu.Launches, l => Assert.True(l.Groups.Y <= 65535 && l.Groups.Z <= 65535, l.ToString()));
        Assert.Empty(gpu.Violations);
    }

    [Fact]
    public void AOneDimensionalLaunchWhoseIntIndexWouldOverflowIsRejected()
    {
        var gpu = new SimulatedGpuDevice(GpuLimits.H100);
        using var x = Tensor.Zeros(gpu, new Shape(8));
        var kernel = gpu.KernelFromText("probe.c", Probe, "probe");
        var e = Assert.Throws<ArgumentException>(() => gpu.Launch1D(kernel, int.MaxValue - 1000, x, 8, 1f));
        Assert.Contains("int index", e.Message);
    }

    [Fact]
    public void TheRealGemmStillComputesRowTilesStridedOverASmallGrid()
    {
        // The row-tile loop on a real device: M spans several tiles and the product is exact on small integers.
        var gpu = TestDevices.Gpu("opencl");
        const int m = 200, k = 5, n = 3;
        var av = Enumerable.Range(0, m * k).Select(i => (float)(i % 7 - 3)).ToArray();
        var bv = Enumerable.Range(0, k * n).Select(i => (float)(i % 5 - 2)).ToArray();
        using var a = Tensor.FromArray(gpu, new Shape(m * k), av);
        using var b = Tensor.FromArray(gpu, new Shape(k * n), bv);
        using var c = Tensor.Empty(gpu, new Shape(m * n));
        GemmOp.Multiply(a, false, b, false, c, m, n, k, variant: GemmVariant.Tiled);
        var got = c.ToArray();
        for (int r = 0; r < m; r++)
            for (int j = 0; j < n; j++)
            {
                float want = 0;
                for (int q = 0; q < k; q++) want += av[r * k + q] * bv[q * n + j];
                Assert.Equal(want, got[r * n + j]);
            }
    }
}

using GrnGpu.Engine.Devices;
using Xunit;

namespace GrnGpu.Tests.Engine;

/// <summary>
/// The ILGPU device on ILGPU's CPU accelerator (ilgpu-cpu): its names, its memory operations, and the GEMM on every field
/// of a GemmCall (the op checks reach only whole-tensor products): offsets, leading dimensions wider than a row, both
/// transposes, alpha and beta, batches with a shared A (StrideA 0), summed batches, and the split-K path of deep products.
/// </summary>
public class IlgpuDeviceTests
{
    private static ComputeDevice Device => TestDevices.Get("ilgpu-cpu");

    [Fact]
    public void IlgpuCpuIsListedAndResolvedButNeverPickedByAuto()
    {
        var inventory = DeviceRegistry.Discover();
        var info = Assert.Single(inventory.Of(Backend.IlgpuCpu));
        Assert.Equal("ilgpu-cpu", info.Id);
        Assert.Equal(info, DeviceRegistry.Resolve("ilgpu-cpu"));
        Assert.NotEqual(Backend.IlgpuCpu, inventory.Auto.Backend);
        var onlyIlgpu = new DeviceInventory([info, ReferenceDevice.Describe()], []);
        Assert.Equal(Backend.Reference, onlyIlgpu.Auto.Backend);
        Assert.NotNull(Device.Kernels);
    }

    [Fact]
    public void ViewsWritesReadsFillsAndOverlappingCopies()
    {
        var d = Device;
        var buffer = d.Pool.Rent(256 * sizeof(float));
        try
        {
            d.Write(buffer, 0, Enumerable.Range(0, 256).Select(i => (float)i).ToArray());
            var view = d.View(buffer, 64, 128);
            d.Fill(view, 10, 5, -1f);
            var head = new float[8];
            d.Read(view, 8, head);
            Assert.Equal([72f, 73f, -1f, -1f, -1f, -1f, -1f, 79f], head);
            // Overlapping ranges of one allocation copy as memmove does, forwards and backwards.
            d.Copy(buffer, 0, buffer, 4, 16);
            d.Copy(view, 4, buffer, 66, 8);
            var all = new float[256];
            d.Read(buffer, 0, all);
            Assert.Equal([0f, 1f, 2f, 3f, 0f, 1f, 2f, 3f, 4f], all[..9]);
            Assert.Equal(15f, all[19]);
            Assert.Equal([64f, 65f, 68f, 69f, 70f, 71f, 72f, 73f, -1f, -1f, -1f, -1f, -1f, -1f, -1f, 79f], all[64..80]);
            d.ReleaseView(view);
        }
        finally { d.Pool.Return(buffer); }
    }

    public static TheoryData<string, string> GemmCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in new[] { "plain", "offsets and leading dimensions", "batch with shared A", "summed batch", "deep split-K",
                     "deep summed batch split-K", "transposed both" })
            data.Add(name, "fp32");
        // The TF32 kernel's emulated tensor-core instructions cost ~100x on the CPU accelerator: the shallower cases, and a
        // split-K one of 5 slices.
        foreach (var name in new[] { "plain", "summed batch", "split-K" })
            data.Add(name, "tf32");
        return data;
    }

    /// <summary>On both kernels: TF32 (the default; on ILGPU's CPU accelerator the tensor-core instructions emulated) and FP32.</summary>
    [Theory, MemberData(nameof(GemmCases))]
    public void GemmHonoursEveryFieldOfTheCall(string name, string precision)
    {
        var device = DeviceRegistry.Open("ilgpu-cpu", new DeviceOptions(Precision: precision == "tf32" ? GemmPrecision.Tf32 : GemmPrecision.Fp32));
        Assert.Equal(precision == "tf32", device.ProductsInTf32);
        var p = name switch
        {
            "plain" => new Problem(67, 45, 31, false, false, 1f, 0f),
            "offsets and leading dimensions" => new Problem(19, 70, 23, false, true, -0.5f, 2f, PadA: 5, PadB: 3, PadC: 7, OffA: 11, OffB: 13, OffC: 9),
            "batch with shared A" => new Problem(9, 33, 17, true, false, 1.5f, 1f, Batch: 3, SharedA: true, OffC: 4),
            "summed batch" => new Problem(8, 12, 40, false, true, 1f, 1f, Batch: 4, Sum: true),
            "deep split-K" => new Problem(5, 7, 2000, true, false, 1f, 0.5f),
            "deep summed batch split-K" => new Problem(6, 9, 300, false, true, 2f, 0f, Batch: 5, Sum: true, PadB: 2),
            "split-K" => new Problem(5, 7, 300, true, false, 1f, 0.5f),
            _ => new Problem(65, 66, 67, true, true, 1f, 0f, PadA: 1, PadB: 1, PadC: 1),
        };
        p.Check(device);
    }

    /// <summary>A GemmCall with its operands filled at random, run on the device and recomputed in double on the host.</summary>
    private sealed record Problem(int M, int N, int K, bool Ta, bool Tb, float Alpha, float Beta, int PadA = 0, int PadB = 0, int PadC = 0,
        int OffA = 0, int OffB = 0, int OffC = 0, int Batch = 1, bool SharedA = false, bool Sum = false)
    {
        public void Check(ComputeDevice d)
        {
            int lda = (Ta ? M : K) + PadA, ldb = (Tb ? K : N) + PadB, ldc = N + PadC;
            long sizeA = (long)(Ta ? K : M) * lda, sizeB = (long)(Tb ? N : K) * ldb, sizeC = (long)M * ldc;
            long strideA = SharedA ? 0 : sizeA + 3, strideB = sizeB + 1, strideC = Sum ? 0 : sizeC + 2;
            int entries = Batch, outputs = Sum ? 1 : Batch;
            var r = new Random(M * 1000 + N * 10 + K);
            float[] a = Fill(r, OffA + strideA * (entries - 1) + sizeA), b = Fill(r, OffB + strideB * (entries - 1) + sizeB);
            float[] c = Fill(r, OffC + strideC * (outputs - 1) + sizeC);
            var expected = (float[])c.Clone();
            for (int o = 0; o < outputs; o++)
                for (int i = 0; i < M; i++)
                    for (int j = 0; j < N; j++)
                    {
                        double sum = 0, scale = 0;
                        for (int e = Sum ? 0 : o; e < (Sum ? entries : o + 1); e++)
                            for (int k = 0; k < K; k++)
                            {
                                double x = a[OffA + e * strideA + (Ta ? (long)k * lda + i : (long)i * lda + k)];
                                double y = b[OffB + e * strideB + (Tb ? (long)j * ldb + k : (long)k * ldb + j)];
                                sum += x * y;
                                scale += Math.Abs(x * y);
                            }
                        long at = OffC + o * strideC + (long)i * ldc + j;
                        expected[at] = (float)(Alpha * sum + (Beta == 0 ? 0 : Beta * (double)c[at]));
                        // FP32: 2 (terms + 4) u of the sum of |terms|; TF32 adds each input's rounding (2^-10 + 2^-22 per product).
                        double tf32 = d.ProductsInTf32 ? (1.0 / 1024 + 1.0 / (1 << 22)) * Math.Abs(Alpha) * scale : 0;
                        tolerance[at] = 2.0 * (K * entries + 4) / (1 << 24) * (Math.Abs(Alpha) * scale + Math.Abs(Beta * c[at])) + tf32 + 1e-30;
                    }
            var bufA = d.Pool.Rent(a.Length * sizeof(float));
            var bufB = d.Pool.Rent(b.Length * sizeof(float));
            var bufC = d.Pool.Rent(c.Length * sizeof(float));
            try
            {
                d.Write(bufA, 0, a);
                d.Write(bufB, 0, b);
                d.Write(bufC, 0, c);
                d.Kernels!.Gemm(new GemmCall(M, N, K, bufA, OffA, lda, Ta, bufB, OffB, ldb, Tb, bufC, OffC, ldc, Alpha, Beta, Batch, strideA, strideB,
                    strideC, Sum));
                var got = new float[c.Length];
                d.Read(bufC, 0, got);
                for (int i = 0; i < got.Length; i++)
                    Assert.True(Math.Abs(got[i] - expected[i]) <= (tolerance.TryGetValue(i, out var t) ? t : 0),
                        $"C[{i}] = {got[i]}, expected {expected[i]} (tolerance {(tolerance.TryGetValue(i, out var u) ? u : 0):G3})");
            }
            finally
            {
                d.Pool.Return(bufA);
                d.Pool.Return(bufB);
                d.Pool.Return(bufC);
            }
        }

        private readonly Dictionary<long, double> tolerance = new();

        private static float[] Fill(Random r, long n) => Enumerable.Range(0, (int)n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }
}

using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Gemm;

namespace GrnGpu.Engine.Ops;

/// <summary>One self-test check on one device.</summary>
public sealed record SelfTestResult(string Device, string Check, double Error, double Tolerance, double? Gflops, bool Passed, string? Failure = null);

/// <summary>
/// `grn devices --selftest`: runs the device's kernel set's vector add, row sum and GEMM on seeded random data and compares
/// each with a double-precision host computation (a first check that a GPU's kernels load and run). On the reference
/// device the same checks run the reference ops.
/// </summary>
public static class SelfTest
{
    private const double Unit = 5.96e-8; // float32 unit roundoff, 2^-24

    public static IEnumerable<SelfTestResult> Run(ComputeDevice device, int seed = 1)
    {
        var checks = new (string Name, Func<ComputeDevice, Random, SelfTestResult> Check)[]
        {
            ("vector_add n=1000003", VectorAdd),
            ("reduce_sum n=1000003", ReduceSum),
            ("matmul 67x45x131", (d, r) => MatMul(d, r, 67, 45, 131, timed: false)),
            ($"matmul {TimedSize(device)}^3", (d, r) => MatMul(d, r, TimedSize(d), TimedSize(d), TimedSize(d), timed: true)),
        };
        foreach (var (name, check) in checks)
        {
            SelfTestResult result;
            try
            {
                result = check(device, new Random(seed)) with { Check = name };
            }
            catch (GrnException e)
            {
                result = new SelfTestResult(device.Info.Id, name, double.NaN, double.NaN, null, false, e.Message);
            }
            yield return result;
        }
    }

    /// <summary>Big enough to time the device, small enough for the host reference to check quickly.</summary>
    private static int TimedSize(ComputeDevice d) => d.Info.Backend == Backend.Reference ? 128 : d.Info.Type == DeviceType.Gpu ? 2048 : 512;

    private static float[] RandomArray(Random r, int n, float lo, float hi)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.NextSingle();
        return a;
    }

    /// <summary>Float addition is correctly rounded on every IEEE device, so the result must be exact.</summary>
    private static SelfTestResult VectorAdd(ComputeDevice device, Random r)
    {
        const int n = 1_000_003;
        var a = RandomArray(r, n, -1, 1);
        var b = RandomArray(r, n, -1, 1);
        using var ta = Tensor.FromArray(device, new Shape(n), a);
        using var tb = Tensor.FromArray(device, new Shape(n), b);
        using var tc = Tensor.Empty(device, new Shape(n));
        Add.AddOp.Forward(ta, tb, tc);   // the device's kernel set, or the reference op
        var result = tc.ToArray();
        double err = 0;
        for (int i = 0; i < n; i++) err = Math.Max(err, Math.Abs(result[i] - (a[i] + b[i])));
        return new SelfTestResult(device.Info.Id, "", err, 0, null, err == 0);
    }

    /// <summary>
    /// A float sum of n terms in [0, 1) by per-item strided sums and a tree has relative error at most about
    /// (n / items + log2 items) u; with at most 1024 terms per item and 11 tree levels that is below 7e-5,
    /// and typical errors are far smaller, so 1e-4 relative is a strict but safe bound.
    /// </summary>
    private static SelfTestResult ReduceSum(ComputeDevice device, Random r)
    {
        const int n = 1_000_003;
        var x = RandomArray(r, n, 0, 1);
        double expected = x.Sum(v => (double)v);
        // The row sum the device's pooling and broadcast gradients use (the reference op on cpu-ref).
        using var tx = Tensor.FromArray(device, new Shape(1, 1, 1, n), x);
        using var total = Tensor.Empty(device, new Shape(1, 1));
        Broadcast.BroadcastOp.Backward(tx, total);
        double got = total.ToArray()[0];
        double err = Math.Abs(got - expected) / expected;
        const double tolerance = 1e-4;
        return new SelfTestResult(device.Info.Id, "", err, tolerance, null, err <= tolerance);
    }

    /// <summary>
    /// Each output is a K-term dot product; its float error is at most K u sum_k |a_ik b_kj| (Higham's
    /// gamma_K bound), so the check reports max |c - ref| / (K u sum|a b|), which must not exceed 1.
    /// </summary>
    private static SelfTestResult MatMul(ComputeDevice device, Random r, int m, int n, int k, bool timed)
    {
        var a = RandomArray(r, m * k, -1, 1);
        var b = RandomArray(r, k * n, -1, 1);
        using var ta = Tensor.FromArray(device, new Shape(m, k), a);
        using var tb = Tensor.FromArray(device, new Shape(k, n), b);
        using var tc = Tensor.Empty(device, new Shape(m, n));
        // The device's GEMM through the op (the reference's GemmRef on cpu-ref), as the convolutions and dense layers use them.
        GemmOp.Multiply(ta, false, tb, false, tc, m, n, k);
        double? gflops = null;
        if (timed)
        {
            const int reps = 5;
            device.Synchronize();
            using var start = device.Record();
            for (int i = 0; i < reps; i++) GemmOp.Multiply(ta, false, tb, false, tc, m, n, k);
            using var end = device.Record();
            gflops = 2.0 * m * n * k * reps / (end.MillisecondsSince(start) * 1e6);
        }
        var c = tc.ToArray();
        var reference = HostMatMul(a, b, m, n, k);
        var bound = HostMatMul(a.Select(Math.Abs).ToArray(), b.Select(Math.Abs).ToArray(), m, n, k);
        double worst = 0;
        for (int i = 0; i < c.Length; i++)
            worst = Math.Max(worst, Math.Abs(c[i] - reference[i]) / (k * Unit * bound[i] + 1e-30));
        return new SelfTestResult(device.Info.Id, "", worst, 1.0, gflops, worst <= 1.0);
    }

    private static double[] HostMatMul(float[] a, float[] b, int m, int n, int k)
    {
        var c = new double[m * n];
        Parallel.For(0, m, i =>
        {
            for (int p = 0; p < k; p++)
            {
                double aip = a[i * k + p];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
            }
        });
        return c;
    }
}

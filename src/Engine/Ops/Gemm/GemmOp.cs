using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Gemm;

/// <summary>
/// A matrix product on whole tensors through the device's kernel set (<see cref="IDeviceKernels.Gemm"/>: the CPU's packed
/// register-blocked kernel, or the ILGPU tiled and TF32 kernels), or the double-precision reference.
/// </summary>
public static class GemmOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "gemm";

    /// <summary>
    /// c (m x n) = alpha * op(a) * op(b) + beta * c on whole tensors, on any device: the device's kernels,
    /// <see cref="GemmRef"/> on the reference device.
    /// </summary>
    public static void Multiply(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, int m, int n, int k,
        float alpha = 1f, float beta = 0f)
    {
        OpChecks.SameDevice("gemm", a, b, c);
        OpChecks.Length("gemm", a, (long)m * k, "A");
        OpChecks.Length("gemm", b, (long)k * n, "B");
        OpChecks.Length("gemm", c, (long)m * n, "C");
        c.Device.CountFlops(2.0 * m * n * k);
        if (c.Device.Kernels is { } kernels)
        {
            kernels.Gemm(new GemmCall(m, n, k, a.Buffer, 0, transposeA ? m : k, transposeA, b.Buffer, 0, transposeB ? k : n, transposeB,
                c.Buffer, 0, n, alpha, beta));
            return;
        }
        double[] product = GemmRef.Multiply(m, n, k, RefBridge.Load(a), transposeA, RefBridge.Load(b), transposeB);
        double[] old = beta == 0f ? new double[product.Length] : RefBridge.Load(c);
        for (int i = 0; i < product.Length; i++) product[i] = alpha * product[i] + (beta == 0f ? 0 : beta * old[i]);
        RefBridge.Store(c, product);
    }
}

using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops.Shared;

/// <summary>
/// The checks' bound on a float sum of T products, relative to the sum of |terms| (u = 2^-24): 2 (T + 2) u in FP32, each
/// addition charged 2u whatever the order (see Conv2dChecks); with TF32 products (<see cref="ComputeDevice.ProductsInTf32"/>:
/// each input rounded to 10 explicit mantissa bits, to nearest, so a term is off by at most 2 * 2^-11 + 2^-22 before the
/// FP32 sum) 2^-10 + 2^-22 + 2 (T + 2) u: about 1e-3 of the sum of magnitudes, against ~1e-5 for FP32 at T = 300.
/// </summary>
internal static class ProductTolerance
{
    private const double Unit = 1.0 / (1 << 24);

    public static double Fp32(int terms) => 2.0 * (terms + 2) * Unit;

    public static double Tf32(int terms) => 1.0 / 1024 + 1.0 / (1 << 22) + Fp32(terms);

    public static double On(ComputeDevice device, int terms) => device.ProductsInTf32 ? Tf32(terms) : Fp32(terms);
}

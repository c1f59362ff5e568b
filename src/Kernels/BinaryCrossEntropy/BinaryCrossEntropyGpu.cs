using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.BinaryCrossEntropy;

/// <summary>
/// Clipped binary cross-entropy on the GPU. The mean is deterministic: <see cref="Partial"/> runs
/// <see cref="Parts"/>(n) groups (a count fixed by n), each folding a grid-strided slice into one partial sum by a tree;
/// <see cref="Finish"/> (one group) adds the partials the same way and scales by 1 / n.
/// </summary>
public static class BinaryCrossEntropyGpu
{
    private const float Eps = 1e-7f;

    /// <summary>The most partial sums (groups of the first pass).</summary>
    public const int MaxParts = GpuLaunch.Group;

    /// <summary>Groups of the first pass for n values: about 8 values per work-item, at most <see cref="MaxParts"/>.</summary>
    public static int Parts(int n) => (int)Math.Clamp((n + 8L * GpuLaunch.Group - 1) / (8L * GpuLaunch.Group), 1, MaxParts);

    /// <summary>partial[group] = the group's sum of the per-element losses.</summary>
    public static void Partial(ArrayView<float> p, ArrayView<float> labels, ArrayView<float> partial, float smoothing, int n)
    {
        var tile = SharedMemory.Allocate<float>(GpuLaunch.Group);
        float acc = 0f;
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride)
        {
            float y = labels[i] * (1f - smoothing) + 0.5f * smoothing;
            float pc = XMin(XMax(p[i], Eps), 1f - Eps);
            float qc = XMin(XMax(1f - p[i], Eps), 1f - Eps);
            acc += -(y * MathF.Log(pc + Eps) + (1f - y) * MathF.Log(qc + Eps));
        }
        float sum = GpuLaunch.TreeSum(tile, acc);
        if (Group.IdxX == 0) partial[Grid.IdxX] = sum;
    }

    /// <summary>loss[0] = invN * the sum of partial[0 .. parts), one group.</summary>
    public static void Finish(ArrayView<float> partial, ArrayView<float> loss, float invN, int parts)
    {
        var tile = SharedMemory.Allocate<float>(GpuLaunch.Group);
        float acc = 0f;
        for (int i = Group.IdxX; i < parts; i += GpuLaunch.Group) acc += partial[i];
        float sum = GpuLaunch.TreeSum(tile, acc);
        if (Group.IdxX == 0) loss[0] = invN * sum;
    }

    /// <summary>
    /// dp = upstream[0] / n * dLoss/dp, 0 outside [lo, hi]; the upstream gradient is read on the device (hasUpstream 0: it is 1),
    /// so the step never waits for it.
    /// </summary>
    public static void Backward(ArrayView<float> p, ArrayView<float> labels, ArrayView<float> upstream, int hasUpstream, ArrayView<float> dp,
        float smoothing, float lo, float hi, float invN, int n)
    {
        float scale = (hasUpstream != 0 ? upstream[0] : 1f) * invN;
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride)
        {
            float v = p[i];
            float y = labels[i] * (1f - smoothing) + 0.5f * smoothing;
            float g = (-y / (v + Eps) + (1f - y) / ((1f - v) + Eps)) * scale;
            dp[i] = v < lo || v > hi ? 0f : g;
        }
    }

    // The bounds are clamped and never NaN.
    private static float XMin(float a, float b) => a < b ? a : b;
    private static float XMax(float a, float b) => a > b ? a : b;
}

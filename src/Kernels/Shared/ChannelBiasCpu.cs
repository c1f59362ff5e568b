using System.Numerics.Tensors;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Shared;

/// <summary>
/// Per-channel bias of tensors viewed as (outer, channels, inner): a convolution's output is (batch, Cout,
/// OH*OW), a dense layer's (batch, out, 1).
/// </summary>
public static unsafe class ChannelBiasCpu
{
    /// <summary>y[o, c, j] += b[c] over planes = outer * channels planes of inner floats (TensorPrimitives.Add per plane).</summary>
    public static void Add(CpuWorkers workers, float* y, float* b, int channels, int inner, int planes) =>
        Chunked.Items(workers, planes, inner, (begin, end) =>
        {
            for (int p = begin; p < end; p++)
            {
                var plane = new Span<float>(y + (long)p * inner, inner);
                TensorPrimitives.Add(plane, b[p % channels], plane);
            }
        });

    /// <summary>db[c] = sum over o, j of dy[o, c, j]: one channel per thread, its planes in order, in double.</summary>
    public static void Sum(CpuWorkers workers, float* dy, float* db, int outer, int channels, int inner) =>
        Chunked.Items(workers, channels, (long)outer * inner, (begin, end) =>
        {
            for (int c = begin; c < end; c++)
            {
                double sum = 0;
                for (int o = 0; o < outer; o++) sum += Sums.Sum(dy + ((long)o * channels + c) * inner, inner);
                db[c] = (float)sum;
            }
        });
}

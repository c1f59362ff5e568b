using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.Add;

/// <summary>Reference element-wise sum of two same-shaped tensors (Keras Add, residual connections).</summary>
internal static class AddRef
{
    public static double[] Forward(double[] a, double[] b)
    {
        RefCheck.SameLength(a, b, nameof(a), nameof(b));
        var output = new double[a.Length];
        for (int i = 0; i < a.Length; i++) output[i] = a[i] + b[i];
        return output;
    }

    /// <summary>d(a+b)/da = d(a+b)/db = 1: both inputs receive (copies of) the output gradient.</summary>
    public static (double[] A, double[] B) Backward(double[] outputGrad)
    {
        ArgumentNullException.ThrowIfNull(outputGrad);
        return ((double[])outputGrad.Clone(), (double[])outputGrad.Clone());
    }
}

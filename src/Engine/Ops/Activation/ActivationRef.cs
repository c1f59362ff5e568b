using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.Activation;

/// <summary>Reference element-wise activations, forward and backward (any shape: they act on flat arrays).</summary>
internal static class ActivationRef
{
    public static double[] Relu(double[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = new double[input.Length];
        for (int i = 0; i < input.Length; i++) output[i] = input[i] > 0 ? input[i] : 0.0;
        return output;
    }

    /// <summary>
    /// dx = dy where x &gt; 0, else 0. At exactly x == 0 the gradient is 0, as TensorFlow's ReluGrad (features &gt; 0) gives.
    /// </summary>
    public static double[] ReluBackward(double[] input, double[] outputGrad)
    {
        RefCheck.SameLength(input, outputGrad, nameof(input), nameof(outputGrad));
        var dInput = new double[input.Length];
        for (int i = 0; i < input.Length; i++) dInput[i] = input[i] > 0 ? outputGrad[i] : 0.0;
        return dInput;
    }

    /// <summary>1 / (1 + e^-x), evaluated so that neither branch overflows.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1.0 / (1.0 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1.0 + e);
    }

    public static double[] Sigmoid(double[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = new double[input.Length];
        for (int i = 0; i < input.Length; i++) output[i] = Sigmoid(input[i]);
        return output;
    }

    /// <summary>dx = dy * y * (1 - y), from the forward OUTPUT y (what kernels keep), not the input.</summary>
    public static double[] SigmoidBackward(double[] output, double[] outputGrad)
    {
        RefCheck.SameLength(output, outputGrad, nameof(output), nameof(outputGrad));
        var dInput = new double[output.Length];
        for (int i = 0; i < output.Length; i++) dInput[i] = outputGrad[i] * output[i] * (1.0 - output[i]);
        return dInput;
    }
}

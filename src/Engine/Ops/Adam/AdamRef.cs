using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.Adam;

/// <summary>
/// Reference Adam step, as TensorFlow's ApplyAdam (the Keras optimizer) performs it, in place, for step t (1-based):
/// m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; lr_t = lr*sqrt(1-b2^t)/(1-b1^t); p -= lr_t * m / (sqrt(v) + eps).
/// Epsilon is added to sqrt(v) itself, not to the bias-corrected sqrt(v_hat), which differs slightly from the paper.
/// </summary>
internal static class AdamRef
{
    public static void Step(
        double[] parameters, double[] gradients, double[] m, double[] v, int step, double learningRate, AdamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RefCheck.SameLength(parameters, gradients, nameof(parameters), nameof(gradients));
        RefCheck.SameLength(parameters, m, nameof(parameters), nameof(m));
        RefCheck.SameLength(parameters, v, nameof(parameters), nameof(v));
        double lrT = settings.StepSize(learningRate, step);
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradients[i];
            m[i] = settings.Beta1 * m[i] + (1 - settings.Beta1) * g;
            v[i] = settings.Beta2 * v[i] + (1 - settings.Beta2) * g * g;
            parameters[i] -= lrT * m[i] / (Math.Sqrt(v[i]) + settings.Epsilon);
        }
    }
}

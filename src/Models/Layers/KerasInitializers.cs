namespace GrnGpu.Models.Layers;

/// <summary>
/// Keras default initialisers. Glorot uniform draws from U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)),
/// with Keras's receptive-field fans: fan_in = in * kh * kw, fan_out = out * kh * kw (dense: kh = kw = 1).
/// </summary>
public static class KerasInitializers
{
    public static double GlorotLimit(int fanIn, int fanOut) => Math.Sqrt(6.0 / (fanIn + fanOut));

    public static float[] GlorotUniform(int count, int fanIn, int fanOut, Random random)
    {
        double limit = GlorotLimit(fanIn, fanOut);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * limit);
        return values;
    }

    public static float[] Constant(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}

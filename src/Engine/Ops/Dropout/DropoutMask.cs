namespace GrnGpu.Engine.Ops.Dropout;

/// <summary>
/// The dropout keep/drop decision, defined by a counter-based hash so that a GPU kernel reproduces it bit for bit
/// without any random state. THIS IS THE CONTRACT THE KERNELS MUST MATCH:
/// <code>
///   h    = Hash(seed ^ ((uint)index * 0x9E3779B9u))      // 32-bit wrap-around multiply
///   Hash(x): x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
///   keep = (h >> 8) * (1.0 / 16777216.0) >= rate         // equivalently (h >> 8) >= Threshold(rate)
/// </code>
/// <c>index</c> is the flat element index in the tensor (NCHW, 0-based). Kept elements are scaled by 1 / (1 - rate).
/// A float kernel should compare integers against <see cref="Threshold"/> (computed on the host in double), because
/// rounding <c>rate</c> to float could flip decisions at the boundary.
/// </summary>
internal static class DropoutMask
{
    /// <summary>32-bit integer mixer (a "lowbias32"-style finaliser): every input bit affects every output bit.</summary>
    public static uint Hash(uint x)
    {
        unchecked
        {
            x ^= x >> 16;
            x *= 0x7feb352dU;
            x ^= x >> 15;
            x *= 0x846ca68bU;
            x ^= x >> 16;
            return x;
        }
    }

    /// <summary>The hash of element <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static uint ElementHash(uint seed, int index)
    {
        unchecked { return Hash(seed ^ ((uint)index * 0x9E3779B9u)); }
    }

    /// <summary>True when element <paramref name="index"/> is kept at drop probability <paramref name="rate"/> in [0, 1).</summary>
    public static bool Keep(uint seed, int index, double rate)
    {
        ValidateRate(rate);
        return (ElementHash(seed, index) >> 8) * (1.0 / 16777216.0) >= rate;
    }

    /// <summary>
    /// The integer form of the test: Keep(seed, i, rate) == ((ElementHash(seed, i) >> 8) >= Threshold(rate)).
    /// Exact because u = k / 2^24 >= rate  iff  k >= rate * 2^24  iff  k >= ceil(rate * 2^24) for integer k,
    /// and rate * 2^24 is computed exactly in double (a power-of-two scaling).
    /// </summary>
    public static uint Threshold(double rate)
    {
        ValidateRate(rate);
        return (uint)Math.Ceiling(rate * 16777216.0);
    }

    /// <summary>Inverted-dropout scale of kept values: 1 / (1 - rate).</summary>
    public static double KeepScale(double rate)
    {
        ValidateRate(rate);
        return 1.0 / (1.0 - rate);
    }

    public static void ValidateRate(double rate)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentException($"dropout: rate must be in [0, 1), got {rate}.");
    }
}

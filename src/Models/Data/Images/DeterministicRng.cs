namespace GrnGpu.Models.Data.Images;

/// <summary>
/// A small seeded generator (SplitMix64) whose sequence is fixed by this code alone, unlike System.Random,
/// whose algorithm is an implementation detail of the runtime. Seeded choices (pair caps, batch order,
/// synthetic data) must be the same on every machine and .NET version, hence our own.
/// </summary>
public sealed class DeterministicRng
{
    private ulong _state;

    public DeterministicRng(ulong seed) => _state = seed;

    /// <summary>A generator for a sub-stream named by <paramref name="parts"/>, independent of the order other streams are used.</summary>
    public static DeterministicRng For(long seed, params string[] parts)
    {
        ulong h = 14695981039346656037UL; // FNV-1a 64 over the UTF-16 code units, stable unlike string.GetHashCode
        foreach (string p in parts)
        {
            foreach (char c in p)
            {
                h ^= c;
                h *= 1099511628211UL;
            }
            h ^= 0xFF;
            h *= 1099511628211UL;
        }
        return new DeterministicRng(Mix((ulong)seed) ^ h);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n), n &gt; 0 (multiply-shift; bias below 2^-32 for the n used here).</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        return (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);
    }

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Standard normal (Box-Muller; one value per call, the pair's second is discarded to keep the stream simple).</summary>
    public double Normal()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

namespace GrnGpu.Models.Layers;

/// <summary>FNV-1a over a string: unlike string.GetHashCode it is the same in every process.</summary>
public static class StableHash
{
    public static int Combine(int seed, string text)
    {
        unchecked
        {
            uint h = 2166136261u ^ (uint)seed;
            foreach (char c in text)
            {
                h ^= c;
                h *= 16777619u;
            }
            return (int)(h & 0x7fffffff);
        }
    }
}

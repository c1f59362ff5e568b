using System.Runtime.InteropServices;

namespace GrnGpu.Kernels.Cpu;

/// <summary>
/// A grow-only block of 64-byte aligned native floats that a kernel keeps between calls (one per thread and purpose,
/// held in a [ThreadStatic] field), so that steady-state work allocates nothing. Freed when its thread's reference is
/// collected (the worker threads live as long as their device).
/// </summary>
public sealed unsafe class NativeScratch
{
    private float* _data;
    private long _floats;

    /// <summary>At least <paramref name="floats"/> floats; the contents are undefined after a growth.</summary>
    public float* Get(long floats)
    {
        if (floats > _floats)
        {
            if (_data != null) NativeMemory.AlignedFree(_data);
            _data = null;
            // Room for a partial last vector read past the end, as device buffers have.
            _data = (float*)NativeMemory.AlignedAlloc((nuint)((floats + 16) * sizeof(float)), 64);
            _floats = floats;
        }
        return _data;
    }

    /// <summary>The scratch of <paramref name="slot"/>, created on first use.</summary>
    public static float* Get(ref NativeScratch? slot, long floats) => (slot ??= new NativeScratch()).Get(floats);

    ~NativeScratch()
    {
        if (_data != null) NativeMemory.AlignedFree(_data);
    }
}

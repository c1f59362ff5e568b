namespace GrnGpu.Engine.Native;

/// <summary>
/// NVRTC, CUDA's run-time compiler, bound from whichever libnvrtc is installed. It needs no GPU, so CI
/// compiles every kernel's CUDA form with it (Debian's libnvrtc11.2 is CUDA 11.8).
/// </summary>
internal sealed unsafe class NvrtcApi
{
    public const int NVRTC_SUCCESS = 0;

    public delegate* unmanaged<int*, int*, int> nvrtcVersion;
    public delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int> nvrtcCreateProgram;
    public delegate* unmanaged<nint, int, byte**, int> nvrtcCompileProgram;
    public delegate* unmanaged<nint, nuint*, int> nvrtcGetProgramLogSize;
    public delegate* unmanaged<nint, byte*, int> nvrtcGetProgramLog;
    public delegate* unmanaged<nint, nuint*, int> nvrtcGetPTXSize;
    public delegate* unmanaged<nint, byte*, int> nvrtcGetPTX;
    public delegate* unmanaged<nint*, int> nvrtcDestroyProgram;
    public delegate* unmanaged<int, nint> nvrtcGetErrorString;
    /// <summary>Optional (NVRTC 11.1+): the CUBIN of a program compiled for a real architecture (-arch=sm_XX).</summary>
    public delegate* unmanaged<nint, nuint*, int> nvrtcGetCUBINSize;
    /// <summary>Optional (NVRTC 11.1+).</summary>
    public delegate* unmanaged<nint, byte*, int> nvrtcGetCUBIN;
    /// <summary>Optional (NVRTC 11.2+).</summary>
    public delegate* unmanaged<int*, int> nvrtcGetNumSupportedArchs;
    /// <summary>Optional (NVRTC 11.2+).</summary>
    public delegate* unmanaged<int*, int> nvrtcGetSupportedArchs;

    public string LibraryName { get; }

    /// <summary>Whether this NVRTC can hand out CUBIN (machine code for one architecture) besides PTX.</summary>
    public bool CanEmitCubin => nvrtcGetCUBINSize != null && nvrtcGetCUBIN != null;

    private NvrtcApi(NativeApi lib)
    {
        LibraryName = lib.LibraryName;
        nvrtcVersion = (delegate* unmanaged<int*, int*, int>)lib.Symbol("nvrtcVersion");
        nvrtcCreateProgram = (delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int>)lib.Symbol("nvrtcCreateProgram");
        nvrtcCompileProgram = (delegate* unmanaged<nint, int, byte**, int>)lib.Symbol("nvrtcCompileProgram");
        nvrtcGetProgramLogSize = (delegate* unmanaged<nint, nuint*, int>)lib.Symbol("nvrtcGetProgramLogSize");
        nvrtcGetProgramLog = (delegate* unmanaged<nint, byte*, int>)lib.Symbol("nvrtcGetProgramLog");
        nvrtcGetPTXSize = (delegate* unmanaged<nint, nuint*, int>)lib.Symbol("nvrtcGetPTXSize");
        nvrtcGetPTX = (delegate* unmanaged<nint, byte*, int>)lib.Symbol("nvrtcGetPTX");
        nvrtcDestroyProgram = (delegate* unmanaged<nint*, int>)lib.Symbol("nvrtcDestroyProgram");
        nvrtcGetErrorString = (delegate* unmanaged<int, nint>)lib.Symbol("nvrtcGetErrorString");
        nvrtcGetCUBINSize = (delegate* unmanaged<nint, nuint*, int>)lib.OptionalSymbol("nvrtcGetCUBINSize");
        nvrtcGetCUBIN = (delegate* unmanaged<nint, byte*, int>)lib.OptionalSymbol("nvrtcGetCUBIN");
        nvrtcGetNumSupportedArchs = (delegate* unmanaged<int*, int>)lib.OptionalSymbol("nvrtcGetNumSupportedArchs");
        nvrtcGetSupportedArchs = (delegate* unmanaged<int*, int>)lib.OptionalSymbol("nvrtcGetSupportedArchs");
    }

    /// <summary>Library names to probe: CUDA_PATH first, then the usual sonames, newest first.</summary>
    private static IEnumerable<string> Candidates()
    {
        string? cudaPath = Environment.GetEnvironmentVariable("CUDA_PATH");
        string[] sonames = ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so.11.1", "libnvrtc.so.11.0"];
        if (!string.IsNullOrEmpty(cudaPath))
            foreach (var so in sonames)
            {
                yield return Path.Combine(cudaPath, "lib64", so);
                yield return Path.Combine(cudaPath, "lib", so);
            }
        foreach (var so in sonames) yield return so;
        foreach (var dir in new[] { "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib" })
            foreach (var so in sonames) yield return Path.Combine(dir, so);
        yield return "nvrtc64_120_0.dll";
        yield return "nvrtc64_112_0.dll";
    }

    private static readonly Lazy<(NvrtcApi? Api, string Why)> Shared = new(() =>
    {
        var lib = NativeApi.TryOpen(Candidates(), out var tried);
        if (lib == null) return (null, $"no NVRTC library found (tried {tried}); install libnvrtc11.2 (Debian non-free) or a CUDA toolkit, or set CUDA_PATH");
        try { return (new NvrtcApi(lib), ""); }
        catch (GrnException e) { return (null, e.Message); }
    });

    public static NvrtcApi? TryGet(out string why)
    {
        var (api, reason) = Shared.Value;
        why = reason;
        return api;
    }

    public string ErrorName(int status) => NativeApi.CString(nvrtcGetErrorString(status));

    public void Check(int status, string call)
    {
        if (status != NVRTC_SUCCESS) throw new GrnException($"NVRTC {call} failed: {ErrorName(status)} ({status})");
    }

    public (int Major, int Minor) Version()
    {
        int major, minor;
        Check(nvrtcVersion(&major, &minor), "nvrtcVersion");
        return (major, minor);
    }

    /// <summary>The SM versions (e.g. 52, 70, 80, 90) this NVRTC can target; empty when it cannot say.</summary>
    public int[] SupportedArchs()
    {
        if (nvrtcGetNumSupportedArchs == null || nvrtcGetSupportedArchs == null) return [];
        int count;
        Check(nvrtcGetNumSupportedArchs(&count), "nvrtcGetNumSupportedArchs");
        var archs = new int[count];
        fixed (int* p = archs) Check(nvrtcGetSupportedArchs(p), "nvrtcGetSupportedArchs");
        return archs;
    }
}

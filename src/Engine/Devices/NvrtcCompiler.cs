using System.Text;
using GrnGpu.Engine.Native;
using GrnGpu.Kernels;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// Compiles a kernel file's CUDA form to PTX with NVRTC. Needs no GPU: CI uses it to prove every kernel
/// compiles for sm_70, sm_80 and sm_90; <see cref="CudaDevice"/> uses it for the device's own architecture.
/// </summary>
public static unsafe class NvrtcCompiler
{
    public static bool IsAvailable(out string why) => NvrtcApi.TryGet(out why) != null;

    private static NvrtcApi Api => NvrtcApi.TryGet(out var why) ?? throw new GrnException(why);

    public static string Version
    {
        get
        {
            var (major, minor) = Api.Version();
            return $"{major}.{minor}";
        }
    }

    /// <summary>
    /// The architecture to compile for on a device of compute capability <paramref name="sm"/> (e.g. 90):
    /// the device's own, or the newest this NVRTC knows below it (PTX is JIT-compiled forward by the driver).
    /// </summary>
    public static int TargetArch(int sm)
    {
        var supported = Api.SupportedArchs();
        if (supported.Length == 0 || supported.Contains(sm)) return sm;
        var below = supported.Where(a => a <= sm).ToArray();
        return below.Length > 0 ? below.Max() : supported.Min();
    }

    /// <summary>PTX for a composed source, or <see cref="KernelCompileException"/> with NVRTC's full log.</summary>
    public static byte[] CompileToPtx(string fileName, string source, int arch, IReadOnlyList<string> defines) =>
        Compile(fileName, source, arch, defines, cubin: false).Image;

    /// <summary>
    /// Whether this NVRTC can compile machine code (CUBIN) for sm_<paramref name="sm"/>: it must hand out CUBIN and
    /// list the architecture among those it supports.
    /// </summary>
    public static bool CanCompileCubin(int sm)
    {
        var api = Api;
        return api.CanEmitCubin && api.SupportedArchs().Contains(sm);
    }

    /// <summary>
    /// The image a device of compute capability <paramref name="sm"/> loads: CUBIN for its own architecture when this
    /// NVRTC knows it (the driver then compiles nothing, so an NVRTC newer than the driver does no harm), else PTX for
    /// the newest architecture NVRTC knows below it, which the driver JIT-compiles (and which needs a driver at least
    /// as new as NVRTC).
    /// </summary>
    public static NvrtcOutput CompileForDevice(string fileName, string source, int sm, IReadOnlyList<string> defines) =>
        CanCompileCubin(sm)
            ? Compile(fileName, source, sm, defines, cubin: true)
            : Compile(fileName, source, TargetArch(sm), defines, cubin: false);

    /// <summary>
    /// Compiles a composed source with NVRTC: PTX for compute_<paramref name="arch"/>, or with <paramref name="cubin"/>
    /// machine code for sm_<paramref name="arch"/>. <paramref name="ptxasVerbose"/> adds ptxas's resource report
    /// (registers, spills, stack frame, shared memory) to the log. Throws <see cref="KernelCompileException"/>.
    /// </summary>
    public static NvrtcOutput Compile(string fileName, string source, int arch, IReadOnlyList<string> defines, bool cubin, bool ptxasVerbose = false)
    {
        var api = Api;
        if (cubin && !api.CanEmitCubin)
            throw new GrnException($"NVRTC {Version} ({api.LibraryName}) cannot emit CUBIN; it needs NVRTC 11.1 or newer");
        string[] options = [cubin ? $"-arch=sm_{arch}" : $"-arch=compute_{arch}", "--std=c++14",
            .. ptxasVerbose ? new[] { "-Xptxas", "-v" } : [], .. defines.Select(d => "-D" + d)];
        string key = ProgramDiskCache.Key("nvrtc", Version, string.Join(' ', options), source);
        // With the ptxas report asked for, the log is cached beside the image (the audit reads it on every run).
        string logKey = ProgramDiskCache.Key(key, "log");
        if (ProgramDiskCache.TryLoad(key) is { } cached)
        {
            if (!ptxasVerbose) return new NvrtcOutput(cached, cubin, arch, "");
            if (ProgramDiskCache.TryLoad(logKey) is { } cachedLog) return new NvrtcOutput(cached, cubin, arch, Encoding.UTF8.GetString(cachedLog));
        }

        nint program;
        var src = Encoding.UTF8.GetBytes(source + "\0");
        var name = Encoding.UTF8.GetBytes(fileName + "\0");
        fixed (byte* s = src, n = name)
            api.Check(api.nvrtcCreateProgram(&program, s, n, 0, null, null), "nvrtcCreateProgram");
        try
        {
            var optionBytes = options.Select(o => Encoding.UTF8.GetBytes(o + "\0")).ToArray();
            var handles = optionBytes.Select(b => System.Runtime.InteropServices.GCHandle.Alloc(b, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
            int status;
            try
            {
                byte** ptrs = stackalloc byte*[options.Length];
                for (int i = 0; i < options.Length; i++) ptrs[i] = (byte*)handles[i].AddrOfPinnedObject();
                status = api.nvrtcCompileProgram(program, options.Length, ptrs);
            }
            finally
            {
                foreach (var h in handles) h.Free();
            }
            string log = Log(api, program);
            if (status != NvrtcApi.NVRTC_SUCCESS)
                throw new KernelCompileException(fileName, $"CUDA sm_{arch} (NVRTC {Version})", log);

            byte[] image;
            nuint size;
            if (cubin)
            {
                api.Check(api.nvrtcGetCUBINSize(program, &size), "nvrtcGetCUBINSize");
                image = new byte[(int)size];
                fixed (byte* p = image) api.Check(api.nvrtcGetCUBIN(program, p), "nvrtcGetCUBIN");
            }
            else
            {
                api.Check(api.nvrtcGetPTXSize(program, &size), "nvrtcGetPTXSize");
                image = new byte[(int)size];
                fixed (byte* p = image) api.Check(api.nvrtcGetPTX(program, p), "nvrtcGetPTX");
            }
            ProgramDiskCache.TryStore(key, image);
            if (ptxasVerbose) ProgramDiskCache.TryStore(logKey, Encoding.UTF8.GetBytes(log));
            return new NvrtcOutput(image, cubin, arch, log);
        }
        finally
        {
            api.nvrtcDestroyProgram(&program);
        }
    }

    /// <summary>Compiles an embedded kernel file for one architecture (CI's check of every kernel).</summary>
    public static byte[] CompileFile(string file, int arch, string defines = "") =>
        CompileToPtx(file, KernelSource.Compose(file, KernelTarget.Cuda), arch, GpuDevice.ParseDefines(defines));

    private static string Log(NvrtcApi api, nint program)
    {
        nuint size;
        if (api.nvrtcGetProgramLogSize(program, &size) != NvrtcApi.NVRTC_SUCCESS || size <= 1) return "";
        var log = new byte[(int)size];
        fixed (byte* p = log) api.nvrtcGetProgramLog(program, p);
        return NativeApi.CString(log);
    }
}

/// <summary>What NVRTC produced: PTX text or a CUBIN for <see cref="Arch"/>, and its log (ptxas's report when asked).</summary>
public sealed record NvrtcOutput(byte[] Image, bool IsCubin, int Arch, string Log);

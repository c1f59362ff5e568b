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
    public static byte[] CompileToPtx(string fileName, string source, int arch, IReadOnlyList<string> defines)
    {
        var api = Api;
        string[] options = [$"-arch=compute_{arch}", "--std=c++14", .. defines.Select(d => "-D" + d)];
        string key = ProgramDiskCache.Key("nvrtc", Version, string.Join(' ', options), source);
        if (ProgramDiskCache.TryLoad(key) is { } cached) return cached;

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
            if (status != NvrtcApi.NVRTC_SUCCESS)
                throw new KernelCompileException(fileName, $"CUDA sm_{arch} (NVRTC {Version})", Log(api, program));

            nuint size;
            api.Check(api.nvrtcGetPTXSize(program, &size), "nvrtcGetPTXSize");
            var ptx = new byte[(int)size];
            fixed (byte* p = ptx) api.Check(api.nvrtcGetPTX(program, p), "nvrtcGetPTX");
            ProgramDiskCache.TryStore(key, ptx);
            return ptx;
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
        if (api.nvrtcGetProgramLogSize(program, &size) != NvrtcApi.NVRTC_SUCCESS || size == 0) return "(no log)";
        var log = new byte[(int)size];
        fixed (byte* p = log) api.nvrtcGetProgramLog(program, p);
        return NativeApi.CString(log);
    }
}

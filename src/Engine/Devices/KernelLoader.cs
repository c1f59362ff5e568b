using System.Reflection;
using GrnGpu.Kernels.Ptx;
using ILGPU;
using ILGPU.Runtime;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// How the ILGPU device turns a kernel method into a launch. On an accelerator: compiled once (a compile failure names
/// the kernel and the accelerator's architecture), launched on the default stream; with <c>--sync</c> each launch is waited
/// for and a failure names the kernel and its grid. On the simulated GPU of the launch audit: recorded, never run. Kernels
/// are named as in <see cref="GpuKernelCatalog"/> (the names `grn kernels ptx` writes and the audit prints).
/// </summary>
internal sealed partial class KernelLoader
{
    private static readonly Dictionary<MethodInfo, string> Names = GpuKernelCatalog.All.ToDictionary(k => k.Method, k => k.Name);

    private readonly Accelerator _accelerator = null!;
    private readonly LaunchSimulator? _simulator;
    private readonly bool _sync;
    private readonly string _target = "";

    public KernelLoader(Accelerator accelerator, bool sync, string target)
    {
        _accelerator = accelerator;
        _sync = sync;
        _target = target;
    }

    public KernelLoader(LaunchSimulator simulator) => _simulator = simulator;

    internal static string NameOf(MethodInfo method) => Names.TryGetValue(method, out var name) ? name : method.Name;

    private TDelegate Compile<TDelegate>(string name, Func<TDelegate> load)
    {
        try { return load(); }
        catch (Exception e) when (e is InternalCompilerException or ILGPU.Backends.InvalidCodeGenerationException
                                       or ILGPU.Backends.NotSupportedIntrinsicException or CapabilityNotSupportedException
                                       or AcceleratorException or NotSupportedException)
        {
            throw new GrnException($"kernel {name} does not compile for {_target}: {e.Message}");
        }
    }

    private void Launched(string name, KernelConfig config)
    {
        if (!_sync) return;
        try { _accelerator.Synchronize(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new GrnException($"kernel {name} (grid {config.GridDim}, group {config.GroupDim}) failed on {_target}: {e.Message}");
        }
    }
}

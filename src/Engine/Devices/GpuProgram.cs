using GrnGpu.Kernels;

namespace GrnGpu.Engine.Devices;

/// <summary>A compiled kernel file on one device; hands out its kernels by entry name.</summary>
public abstract class GpuProgram : IDisposable
{
    private readonly Dictionary<string, GpuKernel> _kernels = new();

    public string FileName { get; }

    protected GpuProgram(string fileName) => FileName = fileName;

    /// <summary>The entry points' parameter lists, parsed from the composed source (set by <see cref="GpuDevice"/>).</summary>
    internal IReadOnlyDictionary<string, KernelSignature>? Signatures { get; set; }

    public GpuKernel Kernel(string entry)
    {
        lock (_kernels)
        {
            if (_kernels.TryGetValue(entry, out var kernel)) return kernel;
            KernelSignature? signature = null;
            if (Signatures != null && !Signatures.TryGetValue(entry, out signature))
                throw new GrnException($"{FileName} has no entry point '{entry}' written as `KERNEL void {entry}(...)`; found: {string.Join(", ", Signatures.Keys)}");
            kernel = CreateKernel(entry);
            kernel.Signature = signature;
            _kernels[entry] = kernel;
            return kernel;
        }
    }

    protected abstract GpuKernel CreateKernel(string entry);
    protected abstract void ReleaseProgram();

    public void Dispose()
    {
        lock (_kernels)
        {
            foreach (var k in _kernels.Values) k.Release();
            _kernels.Clear();
        }
        ReleaseProgram();
        GC.SuppressFinalize(this);
    }
}

/// <summary>One kernel entry point of a compiled program.</summary>
public abstract class GpuKernel
{
    public string Name { get; }
    public nint Handle { get; }
    /// <summary>The parameter list every launch is checked against (null only for kernels built outside <see cref="GpuDevice"/>).</summary>
    public KernelSignature? Signature { get; internal set; }

    protected GpuKernel(string name, nint handle)
    {
        Name = name;
        Handle = handle;
    }

    protected internal abstract void Release();

    public override string ToString() => Name;
}

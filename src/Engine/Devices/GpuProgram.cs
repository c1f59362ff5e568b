namespace GrnGpu.Engine.Devices;

/// <summary>A compiled kernel file on one device; hands out its kernels by entry name.</summary>
public abstract class GpuProgram : IDisposable
{
    private readonly Dictionary<string, GpuKernel> _kernels = new();

    public string FileName { get; }

    protected GpuProgram(string fileName) => FileName = fileName;

    public GpuKernel Kernel(string entry)
    {
        lock (_kernels)
        {
            if (!_kernels.TryGetValue(entry, out var kernel)) _kernels[entry] = kernel = CreateKernel(entry);
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

    protected GpuKernel(string name, nint handle)
    {
        Name = name;
        Handle = handle;
    }

    protected internal abstract void Release();

    public override string ToString() => Name;
}

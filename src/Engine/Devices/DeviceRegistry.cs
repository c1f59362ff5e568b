using GrnGpu.Engine.Native;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// Every device this machine offers, and why a backend offers none. <paramref name="CudaUnusable"/>: why the CUDA
/// devices listed cannot run kernels (no NVRTC to compile them), or null when they can.
/// </summary>
public sealed record DeviceInventory(IReadOnlyList<DeviceInfo> Devices, IReadOnlyList<string> Notes, string? CudaUnusable = null)
{
    /// <summary>
    /// What `--device auto` picks: a GPU that works (CUDA when NVRTC loads, then an OpenCL GPU), else the C# CPU device.
    /// OpenCL CPU devices (PoCL) are never picked by auto: the cpu device is faster and needs nothing installed.
    /// </summary>
    public DeviceInfo Auto =>
        Devices.FirstOrDefault(d => d.Backend == Backend.Cuda && CudaUnusable == null)
        ?? Devices.FirstOrDefault(d => d.Backend == Backend.OpenCl && d.Type == DeviceType.Gpu)
        ?? Devices.FirstOrDefault(d => d.Backend == Backend.Cpu)
        ?? Devices.First(d => d.Backend == Backend.Reference);

    public IEnumerable<DeviceInfo> Of(Backend backend) => Devices.Where(d => d.Backend == backend);
}

/// <summary>
/// Finds devices and opens them by name. `--device` accepts auto, cpu, cuda, cuda:N, opencl, opencl:N, cpu-ref.
/// Opened devices are kept for the life of the process (one context each; compiled kernels stay cached); a CPU device
/// is kept per thread count, the options it was opened with.
/// </summary>
public static class DeviceRegistry
{
    private static readonly Dictionary<string, ComputeDevice> Opened = new();
    private static DeviceInventory? _inventory;

    public const string Accepted = "auto, cpu, cuda, cuda:N, opencl, opencl:N, ilgpu-cpu, ilgpu-cuda[:N], ilgpu-opencl[:N] or cpu-ref";

    public static DeviceInventory Discover()
    {
        lock (Opened)
        {
            return _inventory ??= Scan();
        }
    }

    private static DeviceInventory Scan()
    {
        var devices = new List<DeviceInfo>();
        var notes = new List<string>();

        string? cudaUnusable = null;
        var cu = CudaApi.TryGet(out var cudaWhy);
        if (cu == null) notes.Add($"CUDA: {cudaWhy}");
        else
        {
            try
            {
                int count;
                unsafe { cu.Check(cu.cuDeviceGetCount(&count), "cuDeviceGetCount"); }
                if (count == 0) notes.Add("CUDA: the driver reports no device");
                for (int i = 0; i < count; i++) devices.Add(CudaDevice.Describe(cu, i));
                // Without NVRTC no kernel compiles: list the GPUs, but do not pick them.
                if (count > 0 && !NvrtcCompiler.IsAvailable(out var nvrtcWhy))
                {
                    cudaUnusable = $"the CUDA driver works but NVRTC does not load, so no kernel can be compiled: {nvrtcWhy}";
                    notes.Add($"CUDA: not used: {cudaUnusable}");
                }
            }
            catch (GrnException e) { notes.Add($"CUDA: {e.Message}"); }
        }

        var cl = OpenClApi.TryGet(out var clWhy);
        if (cl == null) notes.Add($"OpenCL: {clWhy}");
        else
        {
            try
            {
                int index = 0;
                foreach (var platform in cl.Platforms())
                    foreach (var device in cl.Devices(platform))
                        devices.Add(OpenClDevice.Describe(cl, platform, device, index++));
                if (index == 0) notes.Add("OpenCL: no platform or device (install a driver, e.g. pocl-opencl-icd for CPUs)");
            }
            catch (GrnException e) { notes.Add($"OpenCL: {e.Message}"); }
        }

        IlgpuDevice.Discover(devices, notes);
        devices.Add(CpuDevice.Describe());
        devices.Add(IlgpuDevice.DescribeCpu());
        devices.Add(ReferenceDevice.Describe());
        return new DeviceInventory(devices, notes, cudaUnusable);
    }

    /// <summary>Resolves a `--device` value to one device of the inventory, or a GrnException saying why not.</summary>
    public static DeviceInfo Resolve(string spec) => Resolve(Discover(), spec);

    /// <summary>Resolves a `--device` value against a given inventory (tests pass a made-up one).</summary>
    public static DeviceInfo Resolve(DeviceInventory inventory, string spec)
    {
        string s = spec.Trim().ToLowerInvariant();
        if (s == "auto") return inventory.Auto;
        if (s is "cpu-ref" or "ref" or "reference") return inventory.Of(Backend.Reference).First();
        if (s == "cpu") return inventory.Of(Backend.Cpu).FirstOrDefault() ?? throw new GrnException("no cpu device in this inventory");
        if (s == "ilgpu-cpu") return inventory.Of(Backend.IlgpuCpu).FirstOrDefault() ?? throw new GrnException("no ilgpu-cpu device in this inventory");

        var (backend, label) = s.Split(':')[0] switch
        {
            "cuda" => (Backend.Cuda, "CUDA"),
            "opencl" => (Backend.OpenCl, "OpenCL"),
            "ilgpu-cuda" => (Backend.IlgpuCuda, "ILGPU"),
            "ilgpu-opencl" => (Backend.IlgpuOpenCl, "ILGPU"),
            _ => throw new GrnException($"unknown device '{spec}': expected {Accepted}"),
        };
        var candidates = inventory.Of(backend).ToList();
        string why = string.Join("; ", inventory.Notes.Where(n => n.StartsWith(label + ":", StringComparison.Ordinal)));
        if (candidates.Count == 0)
            throw new GrnException($"no {label} device found{(why.Length > 0 ? ": " + why : "")}");
        if (backend == Backend.Cuda && inventory.CudaUnusable != null)
            throw new GrnException($"CUDA cannot be used: {inventory.CudaUnusable}");

        if (!s.Contains(':'))
            return candidates.FirstOrDefault(d => d.Type == DeviceType.Gpu) ?? candidates[0];

        string indexText = s[(s.IndexOf(':') + 1)..];
        if (!int.TryParse(indexText, System.Globalization.NumberStyles.None, null, out int index))
            throw new GrnException($"bad device index in '{spec}': expected {s.Split(':')[0]}:N with N a whole number");
        return candidates.FirstOrDefault(d => d.Index == index)
            ?? throw new GrnException($"device '{spec}' does not exist: {candidates.Count} {label} device(s) found ({string.Join(", ", candidates.Select(d => d.Id))})");
    }

    /// <summary>Opens (once) the device a `--device` value names; <paramref name="cpu"/> are the options a CPU device is opened with.</summary>
    public static ComputeDevice Open(string spec, CpuDeviceOptions? cpu = null) => Open(Resolve(spec), cpu);

    /// <summary>
    /// Opens the kernel device (CUDA or OpenCL) a `--device` value names, for commands that compile or launch kernels
    /// themselves; on the reference device, a GrnException with the message <paramref name="notKernelDevice"/> makes.
    /// </summary>
    public static GpuDevice OpenGpu(string spec, Func<ComputeDevice, string> notKernelDevice)
    {
        var device = Open(spec);
        return device as GpuDevice ?? throw new GrnException(notKernelDevice(device));
    }

    public static ComputeDevice Open(DeviceInfo info, CpuDeviceOptions? cpu = null)
    {
        cpu ??= new CpuDeviceOptions();
        string key = info.Backend == Backend.Cpu ? $"cpu/{cpu.ResolvedThreads}" : info.Id;
        lock (Opened)
        {
            if (Opened.TryGetValue(key, out var device)) return device;
            device = info.Backend switch
            {
                Backend.Cuda => new CudaDevice(CudaApi.TryGet(out _)!, info.Index, info),
                Backend.OpenCl => OpenOpenCl(info),
                Backend.Cpu => new CpuDevice(cpu),
                Backend.IlgpuCpu or Backend.IlgpuCuda or Backend.IlgpuOpenCl => new IlgpuDevice(info),
                _ => new ReferenceDevice(),
            };
            Opened[key] = device;
            return device;
        }
    }

    private static OpenClDevice OpenOpenCl(DeviceInfo info)
    {
        var cl = OpenClApi.TryGet(out _)!;
        int index = 0;
        foreach (var platform in cl.Platforms())
            foreach (var device in cl.Devices(platform))
                if (index++ == info.Index) return new OpenClDevice(cl, device, info);
        throw new GrnException($"OpenCL device {info.Id} disappeared since discovery");
    }
}

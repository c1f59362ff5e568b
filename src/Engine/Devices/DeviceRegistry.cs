namespace GrnGpu.Engine.Devices;

/// <summary>Every device this machine offers, and why a backend offers none.</summary>
public sealed record DeviceInventory(IReadOnlyList<DeviceInfo> Devices, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// What `--device auto` picks: a CUDA GPU, then an OpenCL 2.0+ GPU (both through ILGPU), else the C# cpu device. ILGPU's
    /// CPU accelerator (ilgpu-cpu) is for tests and is never picked.
    /// </summary>
    public DeviceInfo Auto =>
        Devices.FirstOrDefault(d => d.Backend == Backend.Cuda)
        ?? Devices.FirstOrDefault(d => d.Backend == Backend.OpenCl && d.Type == DeviceType.Gpu)
        ?? Devices.FirstOrDefault(d => d.Backend == Backend.Cpu)
        ?? Devices.First(d => d.Backend == Backend.Reference);

    public IEnumerable<DeviceInfo> Of(Backend backend) => Devices.Where(d => d.Backend == backend);
}

/// <summary>
/// What a device is opened with, from the command line: the cpu device's threads; a GPU's product precision (null: the
/// device's default) and whether every launch is waited for. Options reach a device when it is opened; a device opened with
/// other options is another one.
/// </summary>
public sealed record DeviceOptions(int? Threads = null, GemmPrecision? Precision = null, bool Sync = false)
{
    public CpuDeviceOptions Cpu => new(Threads);
    public IlgpuDeviceOptions Gpu => new(Precision, Sync);
}

/// <summary>
/// Finds devices and opens them by name. `--device` accepts auto, cpu, cuda, cuda:N, opencl, opencl:N, ilgpu-cpu, cpu-ref.
/// Opened devices are kept for the life of the process (one context each; compiled kernels stay cached), one per name and
/// options.
/// </summary>
public static class DeviceRegistry
{
    private static readonly Dictionary<string, ComputeDevice> Opened = new();
    private static DeviceInventory? _inventory;

    public const string Accepted = "auto, cpu, cuda, cuda:N, opencl, opencl:N, ilgpu-cpu or cpu-ref";

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
        IlgpuDevice.Discover(devices, notes);
        devices.Add(CpuDevice.Describe());
        devices.Add(IlgpuDevice.DescribeCpu());
        devices.Add(ReferenceDevice.Describe());
        return new DeviceInventory(devices, notes);
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

        var (backend, label, what) = s.Split(':')[0] switch
        {
            "cuda" => (Backend.Cuda, "CUDA", "an NVIDIA GPU with its driver (libcuda) installed"),
            "opencl" => (Backend.OpenCl, "OpenCL", "an OpenCL 2.0+ GPU (AMD, Intel) with its driver; CPUs run --device cpu"),
            _ => throw new GrnException($"unknown device '{spec}': expected {Accepted}"),
        };
        int index = -1;
        if (s.Contains(':') && !int.TryParse(s[(s.IndexOf(':') + 1)..], System.Globalization.NumberStyles.None, null, out index))
            throw new GrnException($"bad device index in '{spec}': expected {s.Split(':')[0]}:N with N a whole number");
        var candidates = inventory.Of(backend).ToList();
        if (candidates.Count == 0)
        {
            string why = string.Join("; ", inventory.Notes.Where(n => n.StartsWith(label + ":", StringComparison.Ordinal)));
            throw new GrnException($"no {label} device found{(why.Length > 0 ? " (" + why + ")" : "")}: --device {s} needs {what}; --device cpu runs anywhere");
        }
        if (index < 0) return candidates[0];
        return candidates.FirstOrDefault(d => d.Index == index)
            ?? throw new GrnException($"device '{spec}' does not exist: {candidates.Count} {label} device(s) found ({string.Join(", ", candidates.Select(d => d.Id))})");
    }

    /// <summary>Opens (once per options) the device a `--device` value names.</summary>
    public static ComputeDevice Open(string spec, DeviceOptions? options = null) => Open(Resolve(spec), options);

    public static ComputeDevice Open(DeviceInfo info, DeviceOptions? options = null)
    {
        options ??= new DeviceOptions();
        string key = info.Backend switch
        {
            Backend.Cpu => $"cpu/{options.Cpu.ResolvedThreads}",
            Backend.Reference => info.Id,
            _ => $"{info.Id}/{options.Precision?.ToString() ?? "default"}/{options.Sync}",
        };
        lock (Opened)
        {
            if (Opened.TryGetValue(key, out var device)) return device;
            device = info.Backend switch
            {
                Backend.Cpu => new CpuDevice(options.Cpu),
                Backend.IlgpuCpu or Backend.Cuda or Backend.OpenCl => new IlgpuDevice(info, options.Gpu),
                _ => new ReferenceDevice(),
            };
            Opened[key] = device;
            return device;
        }
    }
}

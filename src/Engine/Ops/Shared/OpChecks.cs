using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops.Shared;

/// <summary>Argument checks shared by the op launchers; failures are programming errors (ArgumentException).</summary>
internal static class OpChecks
{
    public static void SameDevice(string op, params Tensor?[] tensors)
    {
        ComputeDevice? device = null;
        foreach (var t in tensors)
        {
            if (t == null) continue;
            device ??= t.Device;
            if (t.Device != device) throw new ArgumentException($"{op}: tensors on {device} and {t.Device}");
        }
    }

    public static void Length(string op, Tensor t, long expected, string what)
    {
        if (t.Length != expected) throw new ArgumentException($"{op}: {what} has {t.Length} elements {t.Shape}, expected {expected}");
    }
}

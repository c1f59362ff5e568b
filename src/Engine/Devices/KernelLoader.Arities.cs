using ILGPU;
using ILGPU.Runtime;

namespace GrnGpu.Engine.Devices;

// One overload per kernel arity in use (2 to 11 parameters): each turns an ILGPU kernel method into its launch delegate,
// compiled for the accelerator or, on the simulated GPU, recorded without running.
internal sealed partial class KernelLoader
{
    public Action<KernelConfig, T1, T2> Load<T1, T2>(Action<T1, T2> kernel)
        where T1 : struct
        where T2 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2) =>
        {
            run(c, a1, a2);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3> Load<T1, T2, T3>(Action<T1, T2, T3> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3) =>
        {
            run(c, a1, a2, a3);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3, T4> Load<T1, T2, T3, T4>(Action<T1, T2, T3, T4> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3, a4) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3, a4) =>
        {
            run(c, a1, a2, a3, a4);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3, T4, T5> Load<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3, a4, a5) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3, a4, a5) =>
        {
            run(c, a1, a2, a3, a4, a5);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6> Load<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3, a4, a5, a6) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3, a4, a5, a6) =>
        {
            run(c, a1, a2, a3, a4, a5, a6);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7> Load<T1, T2, T3, T4, T5, T6, T7>(Action<T1, T2, T3, T4, T5, T6, T7> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3, a4, a5, a6, a7) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3, a4, a5, a6, a7) =>
        {
            run(c, a1, a2, a3, a4, a5, a6, a7);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8> Load<T1, T2, T3, T4, T5, T6, T7, T8>(Action<T1, T2, T3, T4, T5, T6, T7, T8> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3, a4, a5, a6, a7, a8) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3, a4, a5, a6, a7, a8) =>
        {
            run(c, a1, a2, a3, a4, a5, a6, a7, a8);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9> Load<T1, T2, T3, T4, T5, T6, T7, T8, T9>(Action<T1, T2, T3, T4, T5, T6, T7, T8, T9> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct
        where T9 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3, a4, a5, a6, a7, a8, a9) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3, a4, a5, a6, a7, a8, a9) =>
        {
            run(c, a1, a2, a3, a4, a5, a6, a7, a8, a9);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> Load<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct
        where T9 : struct
        where T10 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) =>
        {
            run(c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
            Launched(name, c);
        };
    }

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> Load<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct
        where T9 : struct
        where T10 : struct
        where T11 : struct
    {
        string name = NameOf(kernel.Method);
        if (_simulator is { } simulator) return (c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) => simulator.Launch(name, c, a1);
        var run = Compile(name, () => _accelerator.LoadStreamKernel(kernel));
        return (c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) =>
        {
            run(c, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
            Launched(name, c);
        };
    }
}

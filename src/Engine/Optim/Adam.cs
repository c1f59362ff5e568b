using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Adam;

namespace GrnGpu.Engine.Optim;

/// <summary>
/// Adam over every trainable parameter of a <see cref="ParameterStore"/>: the store keeps them in one flat
/// buffer, so a step is one fused kernel launch (m, v and the parameters updated together).
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly ParameterStore _store;
    private readonly DeviceBuffer _trainableView;
    private readonly Tensor _trainable;

    public AdamSettings Settings { get; }
    public LearningRateSchedule Schedule { get; }
    /// <summary>First-moment estimates, flat like the store's gradients.</summary>
    public Tensor M { get; }
    /// <summary>Second-moment estimates.</summary>
    public Tensor V { get; }
    /// <summary>Steps taken (Keras' `iterations`); the next step is Step + 1.</summary>
    public int Step { get; private set; }

    public Adam(ParameterStore store, LearningRateSchedule schedule, AdamSettings? settings = null)
    {
        _store = store;
        Schedule = schedule;
        Settings = settings ?? AdamSettings.Keras;
        int n = Math.Max(store.TrainableFloats, 1);
        M = Tensor.Zeros(store.Device, new Shape(n));
        V = Tensor.Zeros(store.Device, new Shape(n));
        _trainableView = store.Device.View(store.Values.Buffer, 0, n);
        _trainable = Tensor.Over(_trainableView, new Shape(n));
    }

    /// <summary>Restores the optimiser state (from a checkpoint).</summary>
    public void Restore(int step, ReadOnlySpan<float> m, ReadOnlySpan<float> v)
    {
        M.CopyFrom(m);
        V.CopyFrom(v);
        Step = step;
    }

    /// <summary>One update from the gradients in the store, at the schedule's rate for <paramref name="epoch"/>.</summary>
    public void Update(int epoch)
    {
        Step++;
        AdamOp.Step(_trainable, _store.Grads, M, V, Step, Schedule.At(epoch), Settings);
    }

    public void Dispose()
    {
        _trainable.Dispose();
        _store.Device.ReleaseView(_trainableView);
        M.Dispose();
        V.Dispose();
    }
}

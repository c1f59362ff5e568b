using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Optim;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Checkpoints;

/// <summary>
/// Moves Adam's flat m and v to and from per-parameter arrays (the checkpoint's layout, independent of the device's
/// alignment padding). Adam's flat tensors share the layout of the store's flat gradient buffer, and every trainable
/// parameter's gradient is a view into that buffer at the parameter's offset; so the gradient buffer is borrowed as
/// the layout map: m (or v) is copied into it and read back through the views. The gradients are put back afterwards.
/// </summary>
public static class AdamStateTransfer
{
    public static AdamState Read(Model model, Adam adam)
    {
        var store = model.Parameters;
        var trainable = Trainable(model);
        return Borrowing(store, () =>
        {
            List<float[]> Through(Tensor flat)
            {
                store.Device.Copy(flat.Buffer, 0, store.Grads.Buffer, 0, store.Grads.Length);
                return trainable.Select(p => p.Grad!.ToArray()).ToList();
            }
            return new AdamState(adam.Step, Through(adam.M), Through(adam.V));
        });
    }

    public static void Write(Model model, Adam adam, AdamState state)
    {
        var store = model.Parameters;
        var trainable = Trainable(model);
        if (state.Step > int.MaxValue) throw new GrnException($"optimiser step {state.Step} is out of range");
        Borrowing(store, () =>
        {
            float[] Flat(IReadOnlyList<float[]> perParameter)
            {
                store.ZeroGrads();   // alignment padding stays zero
                for (int i = 0; i < trainable.Count; i++) trainable[i].Grad!.CopyFrom(perParameter[i]);
                return store.Grads.ToArray();
            }
            adam.Restore((int)state.Step, Flat(state.M), Flat(state.V));
            return 0;
        });
    }

    /// <summary>Trainable parameters in the order of <see cref="Network.Parameters"/> (the order of <see cref="AdamState"/>).</summary>
    private static List<Parameter> Trainable(Model model) =>
        model.Network.Parameters.Where(p => p.Trainable).Select(p => model.Parameters[p.Name]).ToList();

    private static T Borrowing<T>(ParameterStore store, Func<T> body)
    {
        using var gradients = Tensor.Empty(store.Device, store.Grads.Shape);
        store.Device.Copy(store.Grads.Buffer, 0, gradients.Buffer, 0, gradients.Length);
        try
        {
            return body();
        }
        finally
        {
            store.Device.Copy(gradients.Buffer, 0, store.Grads.Buffer, 0, gradients.Length);
        }
    }
}

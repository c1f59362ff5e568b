using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Optim;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Checkpoints;

/// <summary>
/// Moves Adam's flat m and v to and from per-parameter arrays (the checkpoint's layout, independent of the device's
/// alignment padding). Adam's moments are laid out like the store's gradients, so each parameter's entries sit at
/// its <see cref="ParameterStore.Offset"/>.
/// </summary>
public static class AdamStateTransfer
{
    public static AdamState Read(Model model, Adam adam)
    {
        var store = model.Parameters;
        var trainable = Trainable(model);
        List<float[]> PerParameter(Tensor flat) => trainable.Select(p =>
        {
            var values = new float[p.Value.Length];
            store.Device.Read(flat.Buffer, store.Offset(p.Name!), values);
            return values;
        }).ToList();
        return new AdamState(adam.Step, PerParameter(adam.M), PerParameter(adam.V));
    }

    public static void Write(Model model, Adam adam, AdamState state)
    {
        var store = model.Parameters;
        var trainable = Trainable(model);
        if (state.Step > int.MaxValue) throw new GrnException($"optimiser step {state.Step} is out of range");
        float[] Flat(IReadOnlyList<float[]> perParameter)
        {
            var flat = new float[adam.M.Length];   // alignment padding stays zero
            if (perParameter.Count != trainable.Count)
                throw new GrnException($"optimiser state has {perParameter.Count} tensors for {trainable.Count} trainable parameters");
            for (int i = 0; i < trainable.Count; i++)
            {
                if (perParameter[i].Length != trainable[i].Value.Length)
                    throw new GrnException($"optimiser state for {trainable[i].Name} has {perParameter[i].Length} values, expected {trainable[i].Value.Length}");
                perParameter[i].CopyTo(flat, store.Offset(trainable[i].Name!));
            }
            return flat;
        }
        adam.Restore((int)state.Step, Flat(state.M), Flat(state.V));
    }

    /// <summary>Trainable parameters in the order of <see cref="Network.Parameters"/> (the order of <see cref="AdamState"/>).</summary>
    private static List<Parameter> Trainable(Model model) =>
        model.Network.Parameters.Where(p => p.Trainable).Select(p => model.Parameters[p.Name]).ToList();
}

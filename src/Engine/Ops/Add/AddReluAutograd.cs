using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Ops.Activation;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Add;

/// <summary>The autograd rule of the fused add + ReLU (called through <see cref="F"/>).</summary>
internal static class AddReluAutograd
{
    /// <summary>ReLU(a + b): as <see cref="F.Add"/> followed by <see cref="F.Relu"/>.</summary>
    public static Variable AddRelu(Variable a, Variable b)
    {
        SameDevice("add relu", a, b);
        if (a.Shape != b.Shape) throw new ArgumentException($"add relu: shapes {a.Shape} and {b.Shape} differ");
        var y = Like(a);
        AddReluOp.Forward(a.Value, b.Value, y);
        return Tape.Output(AddReluOp.FusedName, y, [a, b], dy =>
        {
            var da = IfNeeded(a);
            var db = IfNeeded(b);
            var first = da ?? db;
            if (first == null) return [null, null];
            ReluOp.Backward(y, dy, first);
            if (da != null && db != null) a.Device.Copy(da.Buffer, 0, db.Buffer, 0, da.Length);
            return [da, db];
        });
    }
}

using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Add;

/// <summary>
/// The autograd rule of add (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class AddAutograd
{
    /// <summary>Element-wise sum (residual connections).</summary>
    public static Variable Add(Variable a, Variable b)
    {
        SameDevice("add", a, b);
        if (a.Shape != b.Shape) throw new ArgumentException($"add: shapes {a.Shape} and {b.Shape} differ");
        var y = Like(a);
        AddOp.Forward(a.Value, b.Value, y);
        return Tape.Output(AddOp.Name, y, [a, b], dy =>
        {
            var da = IfNeeded(a);
            var db = IfNeeded(b);
            if (da != null) a.Device.Copy(dy.Buffer, 0, da.Buffer, 0, dy.Length);
            if (db != null) b.Device.Copy(dy.Buffer, 0, db.Buffer, 0, dy.Length);
            return [da, db];
        });
    }
}

using System.Globalization;
using System.Text;
using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Networks;

/// <summary>A network's layer table as Keras's model.summary() prints it: name (type), output shape, parameters.</summary>
public sealed record ModelSummary(ModelKind Kind, IReadOnlyList<SummaryRow> Rows, long TrainableCount, long NonTrainableCount)
{
    public long TotalCount => TrainableCount + NonTrainableCount;

    /// <summary>"2,045,537": the thousands separators Keras prints.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Output shape with the batch axis as Keras shows it, e.g. "(None, 32, 64, 64)".</summary>
    public static string ShapeText(IReadOnlyList<int> dims) => "(None, " + string.Join(", ", dims) + ")";

    public string Format()
    {
        var cells = Rows.Select(r => (Layer: $"{r.Name} ({r.Type})", Shape: ShapeText(r.OutputShape), Params: Count(r.Parameters))).ToList();
        const string layerHeader = "Layer (type)", shapeHeader = "Output Shape", paramsHeader = "Param #";
        int layerWidth = Math.Max(layerHeader.Length, cells.Max(c => c.Layer.Length)) + 2;
        int shapeWidth = Math.Max(shapeHeader.Length, cells.Max(c => c.Shape.Length)) + 2;
        int paramsWidth = Math.Max(paramsHeader.Length, cells.Max(c => c.Params.Length));
        string rule = new('=', layerWidth + shapeWidth + paramsWidth);

        var text = new StringBuilder();
        text.AppendLine($"Model: \"{Kind.Name()}\"");
        text.AppendLine(layerHeader.PadRight(layerWidth) + shapeHeader.PadRight(shapeWidth) + paramsHeader.PadLeft(paramsWidth));
        text.AppendLine(rule);
        foreach (var c in cells)
            text.AppendLine(c.Layer.PadRight(layerWidth) + c.Shape.PadRight(shapeWidth) + c.Params.PadLeft(paramsWidth));
        text.AppendLine(rule);
        text.AppendLine($"Total params: {Count(TotalCount)}");
        text.AppendLine($"Trainable params: {Count(TrainableCount)}");
        text.AppendLine($"Non-trainable params: {Count(NonTrainableCount)}");
        return text.ToString();
    }
}

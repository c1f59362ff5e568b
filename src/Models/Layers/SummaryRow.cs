namespace GrnGpu.Models.Layers;

/// <summary>One line of a model summary: a layer's name, its Keras class name, its output shape without the batch axis, its parameters (all, trainable or not).</summary>
public sealed record SummaryRow(string Name, string Type, IReadOnlyList<int> OutputShape, long Parameters);

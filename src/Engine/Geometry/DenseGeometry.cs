namespace GrnGpu.Engine.Geometry;

/// <summary>
/// A fully connected layer y = x W^T + b with x (Batch, InFeatures), W (OutFeatures, InFeatures) row-major,
/// b (OutFeatures), y (Batch, OutFeatures).
/// </summary>
public sealed record DenseGeometry
{
    public int Batch { get; }
    public int InFeatures { get; }
    public int OutFeatures { get; }

    public DenseGeometry(int batch, int inFeatures, int outFeatures)
    {
        if (batch < 1) throw new ArgumentException($"dense: batch must be at least 1, got {batch}.");
        if (inFeatures < 1) throw new ArgumentException($"dense: input features must be at least 1, got {inFeatures}.");
        if (outFeatures < 1) throw new ArgumentException($"dense: output features must be at least 1, got {outFeatures}.");
        _ = new NchwShape(batch, inFeatures);
        _ = new NchwShape(batch, outFeatures);
        _ = new NchwShape(outFeatures, inFeatures);
        Batch = batch;
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    public int InputLength => Batch * InFeatures;
    public int OutputLength => Batch * OutFeatures;
    public int WeightLength => OutFeatures * InFeatures;
}

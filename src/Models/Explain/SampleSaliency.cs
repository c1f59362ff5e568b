namespace GrnGpu.Models.Explain;

/// <summary>
/// One sample's edge probability and its saliency map: one value per input value, laid out as the sample (the
/// network's inputs end to end, each C x H x W row-major), so <see cref="SaliencyPanel"/>s cut it like the sample.
/// </summary>
public sealed record SampleSaliency(double Score, float[] Map);

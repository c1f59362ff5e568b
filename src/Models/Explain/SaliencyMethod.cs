using GrnGpu.Engine;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Explain;

/// <summary>
/// How `grn explain` makes a map: <c>occlusion</c> (the default; <see cref="OcclusionSaliency"/>) or <c>gradient</c>
/// (<see cref="GradientSaliency"/>). Occlusion costs one forward pass per tile (batched), the gradient one backward pass.
/// </summary>
public sealed record SaliencyMethod(string Name, int? Patch)
{
    public const string Occlusion = "occlusion", Gradient = "gradient";

    public static readonly SaliencyMethod Default = new(Occlusion, null);

    /// <summary>The method named by <paramref name="name"/> (--method) with <paramref name="patch"/> (--patch), or one line naming the option.</summary>
    public static SaliencyMethod Parse(string name, int? patch)
    {
        if (name is not (Occlusion or Gradient))
            throw new GrnException($"--method {name}: expected {Occlusion} or {Gradient}");
        if (patch is int p && p < 1)
            throw new GrnException($"--patch {p}: expected the side of the hidden tile in pixels, 1 or more");
        if (patch != null && name != Occlusion)
            throw new GrnException($"--patch {patch}: applies to --method {Occlusion} only");
        return new SaliencyMethod(name, patch);
    }

    public SampleSaliency Compute(Model model, ReadOnlySpan<float> sample) =>
        Name == Occlusion ? OcclusionSaliency.Compute(model, sample, Patch) : GradientSaliency.Compute(model, sample);

    /// <summary>What the map's values are, for saliency.json and the command's help.</summary>
    public string Description => Name == Occlusion
        ? "occlusion: each pixel holds |p - p'| where p is the edge probability and p' the probability with the pixel's tile of its panel set to 0 " +
          $"(image background, empty histogram bin); square tiles of side {(Patch is int p ? $"{p} pixels" : "1/8 of the panel's height (at least 2 pixels)")}, " +
          "not overlapping; inference mode"
        : "gradient: |d p / d input|, the absolute gradient of the edge probability p with respect to each input value, inference mode, unsmoothed";
}

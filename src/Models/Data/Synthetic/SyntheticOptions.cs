using GrnGpu.Engine;

namespace GrnGpu.Models.Data.Synthetic;

/// <summary>Parameters of <see cref="SyntheticDataGenerator"/>; the defaults generate in a few seconds.</summary>
public sealed record SyntheticOptions
{
    public long Seed { get; init; } = 1;
    public int Tfs { get; init; } = 12;
    public int Targets { get; init; } = 60;

    /// <summary>RNA-seq samples per gene (the seed has 72).</summary>
    public int Samples { get; init; } = 72;

    /// <summary>Images per gene per view (three views, so 3x this per gene).</summary>
    public int ImagesPerGene { get; init; } = 3;

    public int ImageWidth { get; init; } = ModelKinds.ImageWidth;
    public int ImageHeight { get; init; } = ModelKinds.ImageHeight;

    /// <summary>
    /// Fraction of regulated targets whose stain pattern ignores their regulator (the image modality fails on
    /// their positive pairs). Drawn disjoint from <see cref="NoisyExpressionRate"/> so that, for most pairs,
    /// one modality still carries the signal: the fusion should beat either alone.
    /// </summary>
    public double MismatchedDomainRate { get; init; } = 0.2;

    /// <summary>Fraction of targets whose expression is buried in noise (the RNA modality fails on them).</summary>
    public double NoisyExpressionRate { get; init; } = 0.2;

    /// <summary>Fraction of labels flipped in pairs.csv (noise neither modality can explain). Default 0.</summary>
    public double LabelNoise { get; init; }

    /// <summary>Fraction of a gene's images taken at a stage where the stain is weak (per-image noise).</summary>
    public double WeakStainRate { get; init; } = 0.15;

    /// <summary>
    /// When set, the pair label is written into this region of every image and nowhere else (the hidden graph and labels
    /// are those of the same seed without a region): each gene carries one of
    /// <see cref="Synthetic.SignalRegion.Codes"/> codes, painted as stained cells in the region; a regulated target copies
    /// a regulator's code, every other gene draws its own; stain domains outside the region are drawn independently per
    /// gene, so they say nothing about the label. For checking that `grn explain` points at the region.
    /// </summary>
    public SignalRegion? SignalRegion { get; init; }

    public void Validate()
    {
        if (Tfs < 2) throw new GrnException($"--tfs {Tfs}: expected at least 2");
        if (Targets < 2) throw new GrnException($"--targets {Targets}: expected at least 2");
        if (Tfs > 9999 || Targets > 99999) throw new GrnException("at most 9999 TFs and 99999 targets");
        if (Samples < 2 || Samples > 100000) throw new GrnException($"--samples {Samples}: expected 2 to 100000");
        if (ImagesPerGene < 1 || ImagesPerGene > 100) throw new GrnException($"--images-per-gene {ImagesPerGene}: expected 1 to 100");
        if (ImageWidth < 16 || ImageHeight < 16 || ImageWidth > 4096 || ImageHeight > 4096)
            throw new GrnException($"image size {ImageWidth} x {ImageHeight}: expected 16 to 4096 per side");
        foreach (var (name, v) in new[] { ("mismatched-domain rate", MismatchedDomainRate), ("noisy-expression rate", NoisyExpressionRate),
                     ("label noise", LabelNoise), ("weak-stain rate", WeakStainRate) })
            if (!(v >= 0 && v <= 1)) throw new GrnException($"{name} {v}: expected 0 to 1");
        if (MismatchedDomainRate + NoisyExpressionRate > 1)
            throw new GrnException("the mismatched-domain and noisy-expression rates must add up to at most 1 (their targets are disjoint)");
    }
}

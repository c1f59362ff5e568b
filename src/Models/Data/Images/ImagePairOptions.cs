namespace GrnGpu.Models.Data;

/// <summary>How <see cref="ImagePairBuilder"/> turns gene pairs into image pairs.</summary>
public sealed record ImagePairOptions
{
    public ImageFilterOptions Filter { get; init; } = new();

    /// <summary>The seed's rule: a gene pair with fewer image pairs than this is dropped (default 6).</summary>
    public int MinImagePairs { get; init; } = 6;

    /// <summary>
    /// Optional cap per gene pair: where the views' cross products give more image pairs than this, a seeded
    /// random subset of this size is kept (in original order). Bounds the quadratic growth of genes with many
    /// images. Null (default): no cap, the seed's behaviour. Must be at least <see cref="MinImagePairs"/>.
    /// </summary>
    public int? MaxImagePairsPerGenePair { get; init; }

    /// <summary>Seed of the cap's choice; each gene pair draws from its own stream named by its symbols.</summary>
    public long Seed { get; init; }

    /// <summary>Views to use (null: every view the store has for the TF).</summary>
    public IReadOnlyList<string>? Views { get; init; }

    /// <summary>Checks the minimum and the cap (before any image is read).</summary>
    public void Validate()
    {
        if (MinImagePairs < 1) throw new GrnGpu.Engine.GrnException($"--min-image-pairs {MinImagePairs}: expected at least 1");
        if (MaxImagePairsPerGenePair is int cap && cap < MinImagePairs)
            throw new GrnGpu.Engine.GrnException($"--max-image-pairs {cap}: expected at least --min-image-pairs ({MinImagePairs}), or no cap");
    }
}

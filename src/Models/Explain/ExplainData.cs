using GrnGpu.Engine;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Networks;
using GrnGpu.Models.Training;

namespace GrnGpu.Models.Explain;

/// <summary>
/// The inputs of one gene pair, loaded the way `grn predict` loads a pair list (<see cref="TrainingData.Load"/>), after
/// checking that both genes are in the data, so a missing gene is one line naming it rather than "no gene pairs".
/// </summary>
public static class ExplainData
{
    public static TrainingData Load(TrainingDataSource source, string tf, string target, NetworkDimensions dimensions, Action<string>? warn = null)
    {
        if (TrainingData.NeedsExpression(source.Model) && source.ExpressionFiles.Count > 0)
        {
            var table = ExpressionTableReader.ReadAll(source.ExpressionFiles);
            var aliases = source.AliasFile == null ? SymbolAliases.SeedDefault : SymbolAliases.Load(source.AliasFile);
            foreach (var (option, gene) in new[] { ("--tf", tf), ("--target", target) })
                if (!table.TryGet(aliases.Resolve(gene), out _))
                    throw new GrnDataException($"{option} {gene}: {gene} is in no --expression table ({string.Join(", ", source.ExpressionFiles.Select(Path.GetFileName))})");
        }
        if (TrainingData.NeedsImages(source.Model) && source.ImagesRoot != null)
        {
            var store = ImageStore.Open(source.ImagesRoot);
            if (!store.Genes(ImageRole.Tf).Contains(tf))
                throw new GrnDataException($"--tf {tf}: {tf} has no TF images in {source.ImagesRoot} (expected {Path.Combine(source.ImagesRoot, ImageStore.TfFolder, tf)}/<view>/*)");
            if (!store.Genes(ImageRole.Target).Contains(target))
                throw new GrnDataException($"--target {target}: {target} has no target images in {source.ImagesRoot} (expected {Path.Combine(source.ImagesRoot, ImageStore.TargetFolder, target)}/<view>/*)");
            if (!store.Views(ImageRole.Tf, tf).Intersect(store.Views(ImageRole.Target, target)).Any())
                throw new GrnDataException($"--tf {tf} --target {target}: no view has images of both ({tf}: {string.Join(", ", store.Views(ImageRole.Tf, tf))}; " +
                                           $"{target}: {string.Join(", ", store.Views(ImageRole.Target, target))}), so there is no image pair to explain");
        }
        var list = new PairList(source.PairsFile, [new GenePair(tf, target, null, $"--tf {tf} --target {target}")]);
        var data = TrainingData.Load(source with { MinImagePairs = 1 }, dimensions, warn, list);
        if (data.Usable.Length == 0)
            throw new GrnDataException($"--tf {tf} --target {target}: no usable image pair (every image of the pair was rejected by the image filters)");
        return data;
    }
}

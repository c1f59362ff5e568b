using System.CommandLine;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// The options of `grn predict`, in one place so that `grn slurm predict` takes exactly the same ones and passes them
/// on to its array tasks.
/// </summary>
public sealed class PredictOptions
{
    public PredictOptions()
    {
        Set.Batch.DefaultValueFactory = _ => 64;
        Set.MinImagePairs.DefaultValueFactory = _ => 1;
    }

    public TrainingOptionSet Set { get; } = new();
    public Option<string?> Weights { get; } = new("--weights") { Description = "A .safetensors file, or a training run folder (its best.safetensors)." };
    public Option<bool> AllPairs { get; } = new("--all-pairs")
    {
        Description = "Score every TF against every gene: rna: TFs of the first --expression table against the genes of the others " +
                      "(one table: every gene against every other); image models: every gene with TF images against every gene with target images.",
    };
    public Option<string?> Shard { get; } = new("--shard") { Description = "Score slice i of N of the pairs (0-based, e.g. 0/4); the list gets an order column for --merge." };
    public Option<string?> Output { get; } = new("--out") { Description = "Edge list to write (TSV: tf, target, score; highest first)." };

    /// <summary>What a scoring run reads and how: every option but the shard and the output.</summary>
    public IEnumerable<Option> Scoring => Set.Data.Where(o => o != Set.Model).Concat([Set.Batch, Set.Seed, Set.Device, Weights, AllPairs]);
}

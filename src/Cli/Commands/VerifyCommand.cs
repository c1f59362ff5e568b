using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Sets;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn verify PATH`: is a folder a command wrote whole? Its manifest.json (written last), every file's size and
/// SHA-256, no file it does not list; output sets nested inside (a cv folder's fold-i/) are verified too. Data sets,
/// synthetic sets, baseline results, training runs, cv folders and evaluations alike.
/// </summary>
public static class VerifyCommand
{
    public static Command Build()
    {
        var folder = new Argument<string>("path") { Description = "A folder written by grn: a training run, a cv folder, a data set, a synthetic set, baseline or evaluation results." };
        var command = new Command("verify", "Check that a run or data-set folder is whole: its manifest, every file's size and SHA-256, nothing unlisted.");
        command.Arguments.Add(folder);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string dir = parse.GetValue(folder)!;
            foreach (var (path, manifest) in VerifyTree(dir))
                Console.WriteLine($"{path}: whole '{manifest.Kind}' set, {manifest.Files.Count} files, written {manifest.CreatedUtc:yyyy-MM-dd HH:mm:ss}Z by `{manifest.Command}`");
            return 0;
        }));
        return command;
    }

    /// <summary>Verifies <paramref name="dir"/> and every output set below it; throws naming the first folder and file that is not whole.</summary>
    public static IEnumerable<(string Path, Manifest Manifest)> VerifyTree(string dir)
    {
        if (Directory.Exists(dir) && !File.Exists(Path.Combine(dir, Manifest.FileName)) && RunFolder.IsRun(dir))
            throw new GrnDataException(dir, $"an unfinished training run: no {Manifest.FileName} (written last, when the run ends), so it was stopped or failed " +
                                            $"{(RunFolder.HasTrained(dir) ? "after a checkpoint; finish it with grn train --resume " + dir : "before its first epoch; train it again")}");
        // Nested sets first (a cv folder's fold-i/), so that an unfinished fold is named as such.
        var nested = new List<(string, Manifest)>();
        if (Directory.Exists(dir))
            foreach (var sub in Directory.EnumerateDirectories(dir).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal))
                if (File.Exists(Path.Combine(sub, Manifest.FileName)) || RunFolder.IsRun(sub))
                    nested.AddRange(VerifyTree(sub));
        var manifest = Manifest.Verify(dir);
        if (manifest.Kind == DatasetBuilder.Kind) DatasetBuilder.RequireWhole(dir);
        return [(dir, manifest), .. nested];
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Data.Synthetic;
using GrnGpu.Models.Networks;
using GrnGpu.Models.Training;

namespace GrnGpu.Models.Explain;

/// <summary>What <see cref="Explanation.Write"/> wrote.</summary>
public sealed record ExplanationSummary(int Samples, double Score, double? RegionShare, double? RegionArea, IReadOnlyList<string> Files);

/// <summary>
/// Saliency of one gene pair's score, written into an output set: one PNG per sample (per image pair for the image
/// models, <c>TF_TARGET_VIEW_I.png</c>; <c>TF_TARGET_histogram.png</c> for the RNA model), the mean map over the pair's
/// samples (<c>TF_TARGET_mean.png</c>), and the numbers in saliency.json (per sample and for the mean) and saliency.tsv.
/// </summary>
public static class Explanation
{
    public const string JsonFile = "saliency.json", TsvFile = "saliency.tsv";
    public static ExplanationSummary Write(Model model, TrainingData data, OutputFolder output, SaliencyMethod method, SignalRegion? region = null,
        IWorkProgress? progress = null)
    {
        int pair = data.Usable[0];
        var (tf, target) = (data.Pairs[pair].Tf, data.Pairs[pair].Target);
        var samples = data.Samples(model.Network, [pair]);
        progress ??= NoProgress.Instance;
        progress.Stage($"{method.Name} saliency", samples.Count);
        var panels = SaliencyPanel.Of(model.Network);
        var meanMap = new double[samples.SampleLength];
        var meanInput = new double[samples.SampleLength];
        var sampleInput = new float[samples.SampleLength];
        var rows = new JsonArray();
        var files = new List<string>();
        var tsv = new StringBuilder("file\tview\tscore\t" + string.Join("\t", panels.Select(p => p.Name + "_share")) + (region != null ? "\tregion_share" : "") + "\n");
        var perView = new Dictionary<string, int>();
        double scoreSum = 0;
        string stem = Safe(tf) + "_" + Safe(target);
        for (int s = 0; s < samples.Count; s++)
        {
            samples.Write(s, sampleInput);
            var saliency = method.Compute(model, sampleInput);
            var map = saliency.Map;
            for (int i = 0; i < map.Length; i++) (meanMap[i], meanInput[i]) = (meanMap[i] + map[i], meanInput[i] + sampleInput[i]);
            scoreSum += saliency.Score;

            string? view = null;
            var row = new JsonObject();
            if (data.Images is { } images)
            {
                var imagePair = images.Pairs[samples.ImagePairOf(s)];
                view = imagePair.View;
                row["view"] = view;
                row["tf_image"] = images.ImagePaths[imagePair.TfImage];
                row["target_image"] = images.ImagePaths[imagePair.TargetImage];
            }
            int k = perView[view ?? ""] = perView.GetValueOrDefault(view ?? "", -1) + 1;
            string file = view == null ? $"{stem}_histogram.png" : $"{stem}_{Safe(view)}_{k}.png";
            File.WriteAllBytes(output.PathOf(file), HeatmapPng.Encode(sampleInput, map, panels));
            files.Add(file);
            var shares = SaliencyStats.PanelShares(map, panels);
            double? inRegion = region != null && panels.Any(p => p.Name != "histogram") ? SaliencyStats.RegionShare(map, panels, region) : null;
            row["file"] = file;
            row["score"] = saliency.Score;
            row["panel_shares"] = shares;
            if (inRegion != null) row["region_share"] = inRegion;
            rows.Add(row);
            tsv.Append(CultureInfo.InvariantCulture, $"{file}\t{view ?? "-"}\t{saliency.Score:G6}");
            foreach (var p in panels) tsv.Append('\t').Append(((double)shares[p.Name]!).ToString("G6", CultureInfo.InvariantCulture));
            if (region != null) tsv.Append('\t').Append(inRegion?.ToString("G6", CultureInfo.InvariantCulture) ?? "-");
            tsv.Append('\n');
            progress.Advance();
        }

        var mean = meanMap.Select(v => (float)(v / samples.Count)).ToArray();
        var meanPicture = meanInput.Select(v => (float)(v / samples.Count)).ToArray();
        string meanFile = $"{stem}_mean.png";
        File.WriteAllBytes(output.PathOf(meanFile), HeatmapPng.Encode(meanPicture, mean, panels));
        files.Add(meanFile);
        var described = SaliencyStats.Describe(mean, panels, region);
        var json = new JsonObject
        {
            ["method"] = method.Name,
            ["method_description"] = method.Description,
            ["model"] = model.Network.Kind.Name(),
            ["tf"] = tf,
            ["target"] = target,
            ["score"] = scoreSum / samples.Count,
            ["samples"] = samples.Count,
            ["panels"] = new JsonArray(panels.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["width"] = p.Width, ["height"] = p.Height }).ToArray()),
            ["mean"] = described,
            ["mean_file"] = meanFile,
            ["per_sample"] = rows,
        };
        output.WriteText(JsonFile, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        output.WriteText(TsvFile, tsv.ToString());
        double? regionShare = described["region"]?["mass_share"]?.GetValue<double>();
        double? regionArea = described["region"]?["area_share"]?.GetValue<double>();
        return new ExplanationSummary(samples.Count, scoreSum / samples.Count, regionShare, regionArea, files);
    }

    // Gene symbols and view names become file names: anything but letters, digits, '.', '-' becomes '_'.
    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());
}

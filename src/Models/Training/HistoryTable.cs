using System.Globalization;
using GrnGpu.Models.Data;

namespace GrnGpu.Models.Training;

/// <summary>Reads a run's history.csv (written by <see cref="TrainingRun.HistoryCsv"/>) back into epoch records.</summary>
public static class HistoryTable
{
    public static IReadOnlyList<EpochRecord> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        var records = new List<EpochRecord>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split(',');
            var v = new double[f.Length];
            if (f.Length != 9 || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch)
                || f.Skip(1).Select((s, k) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v[k])).Any(ok => !ok))
                throw new GrnDataException(path, $"line {i + 1}: expected 9 comma-separated numbers (epoch, loss, accuracy, val_loss, val_accuracy, val_auroc, learning_rate, seconds, samples_per_second)");
            records.Add(new EpochRecord(epoch, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
        }
        return records;
    }
}

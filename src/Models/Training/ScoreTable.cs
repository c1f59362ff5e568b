using System.Globalization;
using System.Text;
using GrnGpu.Models.Data;

namespace GrnGpu.Models.Training;

/// <summary>
/// scores.tsv of a run: every test gene pair with its label, fold and the score of each scorer side by side (the model,
/// |r| for the strata, each baseline, the stacked scorer). The paired comparisons need the scorers on the same pairs,
/// and `grn cv --merge` recomputes them over all folds from these files without retraining or rescoring anything.
/// </summary>
public sealed class ScoreTable
{
    public const string FileName = "scores.tsv", Model = "model", AbsR = "abs_r", Stacked = "stacked";

    public ScoreTable(IReadOnlyList<(string Tf, string Target)> pairs, int[] labels, int[] folds, IReadOnlyDictionary<string, double[]> columns)
    {
        if (labels.Length != pairs.Count || folds.Length != pairs.Count || columns.Values.Any(c => c.Length != pairs.Count))
            throw new ArgumentException("every column of a score table needs one value per pair");
        Pairs = pairs;
        Labels = labels;
        Folds = folds;
        Columns = columns;
    }

    public IReadOnlyList<(string Tf, string Target)> Pairs { get; }
    public int[] Labels { get; }
    public int[] Folds { get; }
    /// <summary>Scorer name to its scores, in the order they are written.</summary>
    public IReadOnlyDictionary<string, double[]> Columns { get; }

    public int Count => Labels.Length;

    public double[]? this[string column] => Columns.TryGetValue(column, out var c) ? c : null;

    public void Write(string path)
    {
        var names = Columns.Keys.ToList();
        var sb = new StringBuilder("tf\ttarget\tlabel\tfold");
        foreach (var n in names) sb.Append('\t').Append(n);
        sb.Append('\n');
        for (int i = 0; i < Count; i++)
        {
            sb.Append(Pairs[i].Tf).Append('\t').Append(Pairs[i].Target).Append('\t').Append(Labels[i]).Append('\t').Append(Folds[i]);
            foreach (var n in names) sb.Append('\t').Append(Columns[n][i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    public static ScoreTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines.Count > 0 ? lines[0].Split('\t') : [];
        if (header.Length < 4 || header[0] != "tf" || header[2] != "label" || header[3] != "fold")
            throw new GrnException($"{path}: not a grn score table (expected the header tf, target, label, fold, then one column per scorer)");
        var pairs = new List<(string, string)>();
        var labels = new int[lines.Count - 1];
        var folds = new int[lines.Count - 1];
        var columns = header.Skip(4).ToDictionary(n => n, _ => new double[lines.Count - 1]);
        for (int r = 1; r < lines.Count; r++)
        {
            var f = lines[r].Split('\t');
            if (f.Length != header.Length
                || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out labels[r - 1])
                || !int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out folds[r - 1]))
                throw new GrnException($"{path}, line {r + 1}: expected {header.Length} tab-separated fields with a 0/1 label and a fold number");
            pairs.Add((f[0], f[1]));
            for (int c = 4; c < header.Length; c++)
                if (!double.TryParse(f[c], NumberStyles.Float, CultureInfo.InvariantCulture, out columns[header[c]][r - 1]))
                    throw new GrnException($"{path}, line {r + 1}: the {header[c]} score '{f[c]}' is not a number");
        }
        return new ScoreTable(pairs, labels, folds, columns);
    }

    /// <summary>Several folds' tables as one; every table must have the same columns.</summary>
    public static ScoreTable Concat(IReadOnlyList<(string Source, ScoreTable Table)> tables)
    {
        var names = tables[0].Table.Columns.Keys.ToList();
        foreach (var (source, t) in tables)
            if (!t.Columns.Keys.SequenceEqual(names))
                throw new GrnException($"{source}: its scorers ({string.Join(", ", t.Columns.Keys)}) differ from {tables[0].Source}'s ({string.Join(", ", names)})");
        return new ScoreTable(tables.SelectMany(t => t.Table.Pairs).ToList(), tables.SelectMany(t => t.Table.Labels).ToArray(),
            tables.SelectMany(t => t.Table.Folds).ToArray(), names.ToDictionary(n => n, n => tables.SelectMany(t => t.Table.Columns[n]).ToArray()));
    }
}

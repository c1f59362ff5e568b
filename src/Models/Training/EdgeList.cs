using System.Globalization;
using System.Text;
using GrnGpu.Models.Data;

namespace GrnGpu.Models.Training;

/// <summary>One scored edge of a predicted network.</summary>
public readonly record struct ScoredEdge(string Tf, string Target, double Score);

/// <summary>
/// The ranked edge list `grn predict` writes: a TSV with the header `tf  target  score`, highest score first (ties in
/// input order), the layout GRN benchmarks such as BEELINE read. Written to a temporary name and renamed.
/// </summary>
public static class EdgeList
{
    public static void Write(string path, IReadOnlyList<ScoredEdge> edges)
    {
        var order = Enumerable.Range(0, edges.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = edges[b].Score.CompareTo(edges[a].Score);
            return c != 0 ? c : a.CompareTo(b);
        });
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write("tf\ttarget\tscore\n");
            foreach (int i in order)
            {
                var e = edges[i];
                writer.Write(e.Tf);
                writer.Write('\t');
                writer.Write(e.Target);
                writer.Write('\t');
                writer.Write(e.Score.ToString("R", CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        });
    }

    /// <summary>Reads an edge list back (tests, and tools that merge shards).</summary>
    public static List<ScoredEdge> Read(string path)
    {
        var edges = new List<ScoredEdge>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            edges.Add(new ScoredEdge(f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture)));
        }
        return edges;
    }
}

using System.Globalization;
using System.Text;
using GrnGpu.Models.Data;

namespace GrnGpu.Models.Training;

/// <summary>
/// One scored edge of a predicted network. <paramref name="Order"/> is the pair's position among every pair the
/// unsharded run scores (its input order): what breaks score ties, so shards merged rank as one run does.
/// </summary>
public readonly record struct ScoredEdge(string Tf, string Target, double Score, long Order = 0);

/// <summary>
/// The ranked edge list `grn predict` writes: a TSV with the header `tf  target  score`, highest score first (ties in
/// input order), the layout GRN benchmarks such as BEELINE read. Written to a temporary name and renamed.
/// A shard's list (<c>--shard i/N</c>, N &gt; 1) has a fourth column, <c>order</c>, each pair's input position in the
/// whole run, so that <c>grn predict --merge</c> can rank the shards' pairs exactly as one run would.
/// </summary>
public static class EdgeList
{
    /// <summary>Ordering column's header name in a shard's edge list.</summary>
    public const string OrderColumn = "order";

    /// <summary>
    /// Writes <paramref name="edges"/> highest score first; ties by <see cref="ScoredEdge.Order"/>, then by their
    /// place in <paramref name="edges"/> (which is input order for one run). <paramref name="withOrder"/> adds the order column.
    /// </summary>
    public static void Write(string path, IReadOnlyList<ScoredEdge> edges, bool withOrder = false)
    {
        var order = Enumerable.Range(0, edges.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = edges[b].Score.CompareTo(edges[a].Score);
            if (c == 0) c = edges[a].Order.CompareTo(edges[b].Order);
            return c != 0 ? c : a.CompareTo(b);
        });
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(withOrder ? $"tf\ttarget\tscore\t{OrderColumn}\n" : "tf\ttarget\tscore\n");
            foreach (int i in order)
            {
                var e = edges[i];
                writer.Write(e.Tf);
                writer.Write('\t');
                writer.Write(e.Target);
                writer.Write('\t');
                writer.Write(e.Score.ToString("R", CultureInfo.InvariantCulture));
                if (withOrder)
                {
                    writer.Write('\t');
                    writer.Write(e.Order.ToString(CultureInfo.InvariantCulture));
                }
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
            long order = f.Length > 3 ? long.Parse(f[3], CultureInfo.InvariantCulture) : edges.Count;
            edges.Add(new ScoredEdge(f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture), order));
        }
        return edges;
    }
}

using GrnGpu.Models.Data.Images;

namespace GrnGpu.Models.Data.Synthetic;

/// <summary>A synthetic gene: symbol, FlyBase-like id, stain domains and stain strength of its images.</summary>
/// <remarks><paramref name="Code"/>: the gene's code in the signal region (see <see cref="SyntheticOptions.SignalRegion"/>), -1 without one.</remarks>
public sealed record SyntheticGene(string Symbol, string FlyBaseId, IReadOnlyList<StainDomain> Domains, double StainStrength, int Code = -1);

/// <summary>A hidden regulatory edge: how the TF's level acts on the target's (see ExpressionSimulator).</summary>
public sealed record SyntheticEdge(int Tf, int Target, RegulationFunction Function, double Weight, double Threshold);

public enum RegulationFunction { Linear, Activation, Repression, Quadratic, Saturating }

/// <summary>
/// The hidden truth of a synthetic data set: TFs, targets, edges TF -> target (0 to 2 regulators per target),
/// and which targets break which modality. A regulated target copies its regulators' stain domains (jittered,
/// sometimes with one extra domain) unless it is "mismatched"; an unregulated target draws its own domains,
/// which may resemble a TF's by chance (realistic false positives for images). "Noisy" targets have
/// expression dominated by noise. Mismatched and noisy targets are disjoint sets.
/// </summary>
public sealed class RegulatoryGraph
{
    public IReadOnlyList<SyntheticGene> Tfs { get; }
    public IReadOnlyList<SyntheticGene> Targets { get; }
    public IReadOnlyList<SyntheticEdge> Edges { get; }
    public IReadOnlyList<bool> MismatchedDomains { get; }
    public IReadOnlyList<bool> NoisyExpression { get; }

    private RegulatoryGraph(List<SyntheticGene> tfs, List<SyntheticGene> targets, List<SyntheticEdge> edges, bool[] mismatched, bool[] noisy)
    {
        Tfs = tfs;
        Targets = targets;
        Edges = edges;
        MismatchedDomains = mismatched;
        NoisyExpression = noisy;
    }

    public static RegulatoryGraph Generate(SyntheticOptions o)
    {
        var rng = DeterministicRng.For(o.Seed, "graph");
        var tfs = new List<SyntheticGene>();
        for (int j = 0; j < o.Tfs; j++)
            tfs.Add(new SyntheticGene($"synTF{j + 1:D2}", $"FBgn99{j + 1:D5}", RandomDomains(rng), rng.Uniform(0.55, 0.85)));

        // Which targets break which modality: a seeded shuffle cut into two disjoint slices.
        var order = Enumerable.Range(0, o.Targets).ToArray();
        rng.Shuffle(order);
        var mismatched = new bool[o.Targets];
        var noisy = new bool[o.Targets];
        int nMismatch = (int)Math.Round(o.MismatchedDomainRate * o.Targets), nNoisy = (int)Math.Round(o.NoisyExpressionRate * o.Targets);
        for (int i = 0; i < nMismatch; i++) mismatched[order[i]] = true;
        for (int i = nMismatch; i < Math.Min(o.Targets, nMismatch + nNoisy); i++) noisy[order[i]] = true;

        var targets = new List<SyntheticGene>();
        var edges = new List<SyntheticEdge>();
        for (int i = 0; i < o.Targets; i++)
        {
            double roll = rng.NextDouble();
            int regulators = roll < 0.2 ? 0 : roll < 0.75 ? 1 : 2;
            var chosen = new List<int>();
            while (chosen.Count < regulators)
            {
                int t = rng.Next(o.Tfs);
                if (!chosen.Contains(t)) chosen.Add(t);
            }
            foreach (int t in chosen)
            {
                var f = (RegulationFunction)rng.Next(5);
                edges.Add(new SyntheticEdge(t, i, f, rng.Uniform(0.7, 1.3), rng.Uniform(-0.6, 0.6)));
            }
            List<StainDomain> domains;
            if (chosen.Count > 0 && !mismatched[i])
            {
                domains = chosen.SelectMany(t => tfs[t].Domains).Select(d => d.Jitter(rng, 0.04)).ToList();
                if (rng.Chance(0.25)) domains.Add(StainDomain.Random(rng));
            }
            else domains = RandomDomains(rng);
            targets.Add(new SyntheticGene($"synG{i + 1:D3}", $"FBgn98{i + 1:D5}", domains, rng.Uniform(0.5, 0.85)));
        }
        if (o.SignalRegion != null) (tfs, targets) = WithCodes(tfs, targets, edges, mismatched, o);
        return new RegulatoryGraph(tfs, targets, edges, mismatched, noisy);
    }

    // Codes (and the domains that replace copied ones) come from their own random stream: the graph, so the labels, are
    // the same with and without a region, and a set without one is byte-identical to before. With a region the domains
    // must not carry the label, so a target that copied its regulators' domains draws its own instead.
    private static (List<SyntheticGene>, List<SyntheticGene>) WithCodes(List<SyntheticGene> tfs, List<SyntheticGene> targets,
        List<SyntheticEdge> edges, bool[] mismatched, SyntheticOptions o)
    {
        var rng = DeterministicRng.For(o.Seed, "codes");
        var tfCodes = tfs.Select(g => g with { Code = rng.Next(SignalRegion.Codes) }).ToList();
        var targetCodes = targets.Select((g, i) =>
        {
            var first = edges.FirstOrDefault(e => e.Target == i);
            bool copies = first != null && !mismatched[i];
            return copies ? g with { Code = tfCodes[first!.Tf].Code, Domains = RandomDomains(rng) } : g with { Code = rng.Next(SignalRegion.Codes) };
        }).ToList();
        return (tfCodes, targetCodes);
    }

    public bool Regulates(int tf, int target) => Edges.Any(e => e.Tf == tf && e.Target == target);

    private static List<StainDomain> RandomDomains(DeterministicRng rng)
    {
        var list = new List<StainDomain> { StainDomain.Random(rng) };
        if (rng.Chance(0.4)) list.Add(StainDomain.Random(rng));
        return list;
    }
}

using GrnGpu.Models.Data.Images;

namespace GrnGpu.Models.Data.Synthetic;

/// <summary>The shapes of expression domains seen in Drosophila embryo in situs.</summary>
public enum StainDomainKind { Anterior, Posterior, Dorsal, Ventral, Band, Stripes }

/// <summary>
/// One stained region of the embryo surface, in embryo coordinates: u along the anterior-posterior axis
/// (0 = anterior tip, 1 = posterior tip) and v along the dorsal-ventral axis (+1 dorsal, -1 ventral).
/// A = extent or centre, B = width or stripe duty, Count = stripe count. Intensity is 0..1 with soft edges.
/// </summary>
public sealed record StainDomain(StainDomainKind Kind, double A, double B, int Count = 0, double Start = 0, double End = 1)
{
    private const double Soft = 0.025;

    public double Intensity(double u, double v) => Kind switch
    {
        StainDomainKind.Anterior => Sigmoid((A - u) / Soft),
        StainDomainKind.Posterior => Sigmoid((u - (1 - A)) / Soft),
        StainDomainKind.Dorsal => Sigmoid((v - A) / (2 * Soft)),
        StainDomainKind.Ventral => Sigmoid((-v - A) / (2 * Soft)),
        StainDomainKind.Band => Sigmoid((B - Math.Abs(u - A)) / Soft),
        _ => StripeIntensity(u),
    };

    private double StripeIntensity(double u)
    {
        double window = Sigmoid((u - Start) / Soft) * Sigmoid((End - u) / Soft);
        if (window < 1e-3) return 0;
        double phase = (u - Start) / (End - Start) * Count;
        // cos > threshold gives stripes whose width is the duty B of the period.
        double threshold = Math.Cos(Math.PI * B);
        return window * Sigmoid((Math.Cos(2 * Math.PI * phase) - threshold) / 0.25);
    }

    /// <summary>The same domain moved by a small amount (regulated targets copy their TF's domains imprecisely).</summary>
    public StainDomain Jitter(DeterministicRng rng, double amount) => Kind switch
    {
        StainDomainKind.Stripes => this with { Start = Start + rng.Uniform(-amount, amount), End = End + rng.Uniform(-amount, amount) },
        StainDomainKind.Band => this with { A = A + rng.Uniform(-amount, amount), B = Math.Max(0.02, B + rng.Uniform(-amount, amount) / 2) },
        _ => this with { A = A + rng.Uniform(-amount, amount) },
    };

    public static StainDomain Random(DeterministicRng rng) => (StainDomainKind)rng.Next(6) switch
    {
        StainDomainKind.Anterior => new StainDomain(StainDomainKind.Anterior, rng.Uniform(0.15, 0.4), 0),
        StainDomainKind.Posterior => new StainDomain(StainDomainKind.Posterior, rng.Uniform(0.15, 0.4), 0),
        StainDomainKind.Dorsal => new StainDomain(StainDomainKind.Dorsal, rng.Uniform(-0.1, 0.5), 0),
        StainDomainKind.Ventral => new StainDomain(StainDomainKind.Ventral, rng.Uniform(-0.1, 0.5), 0),
        StainDomainKind.Band => new StainDomain(StainDomainKind.Band, rng.Uniform(0.25, 0.75), rng.Uniform(0.05, 0.15)),
        _ => new StainDomain(StainDomainKind.Stripes, 0, rng.Uniform(0.25, 0.45), rng.Next(5) + 3, rng.Uniform(0.12, 0.3), rng.Uniform(0.7, 0.88)),
    };

    public override string ToString() => Kind switch
    {
        StainDomainKind.Stripes => FormattableString.Invariant($"{Count} stripes over u {Start:F2}..{End:F2}"),
        StainDomainKind.Band => FormattableString.Invariant($"band at u {A:F2} +- {B:F2}"),
        _ => FormattableString.Invariant($"{Kind.ToString().ToLowerInvariant()} {A:F2}"),
    };

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}

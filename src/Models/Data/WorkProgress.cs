namespace GrnGpu.Models.Data;

/// <summary>
/// Progress of a long computation, reported by library code and shown by the CLI (a Spectre.Console bar on a
/// terminal, nothing when output is redirected). Implementations must accept <see cref="Advance"/> from several threads.
/// </summary>
public interface IWorkProgress
{
    /// <summary>Starts a stage of <paramref name="total"/> steps (e.g. "histograms", 5566).</summary>
    void Stage(string name, long total);

    /// <summary>Marks <paramref name="steps"/> more steps of the current stage done.</summary>
    void Advance(long steps = 1);
}

/// <summary>Reports nothing.</summary>
public sealed class NoProgress : IWorkProgress
{
    public static readonly NoProgress Instance = new();

    public void Stage(string name, long total) { }

    public void Advance(long steps = 1) { }
}

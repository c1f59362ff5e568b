using GrnGpu.Engine;

namespace GrnGpu.Models.Networks;

/// <summary>One input of a network: its name and its per-sample (channels, height, width).</summary>
public sealed record ModelInput(string Name, int Channels, int Height, int Width)
{
    public Shape WithBatch(int batch) => new(batch, Channels, Height, Width);

    /// <summary>"1x64x64", as in checkpoint metadata and the summary.</summary>
    public string Dims => $"{Channels}x{Height}x{Width}";

    public override string ToString() => $"{Name} {Dims}";
}

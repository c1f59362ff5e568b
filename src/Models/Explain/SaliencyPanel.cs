using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Explain;

/// <summary>
/// One picture inside a sample: the TF image, the target image or the histogram, as a Width x Height block starting
/// at <see cref="Offset"/> of the sample's values (the network's inputs laid end to end).
/// </summary>
public sealed record SaliencyPanel(string Name, int Offset, int Width, int Height)
{
    public int Length => Width * Height;

    /// <summary>
    /// The panels of a network's sample. Both image layouts (SDINet's 2 x H x W, the fusion's 1 x 2H x W) hold the TF
    /// image's pixels and then the target image's, so each splits into a "tf" and a "target" panel the same way.
    /// </summary>
    public static IReadOnlyList<SaliencyPanel> Of(Network network)
    {
        var panels = new List<SaliencyPanel>();
        int offset = 0;
        foreach (var input in network.Inputs)
        {
            if (input.Name == "histogram") panels.Add(new SaliencyPanel("histogram", offset, input.Width, input.Height));
            else
            {
                int height = input.Channels * input.Height / 2;
                panels.Add(new SaliencyPanel("tf", offset, input.Width, height));
                panels.Add(new SaliencyPanel("target", offset + input.Width * height, input.Width, height));
            }
            offset += input.Channels * input.Height * input.Width;
        }
        return panels;
    }
}

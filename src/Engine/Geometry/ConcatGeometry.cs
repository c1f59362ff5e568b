namespace GrnGpu.Engine.Geometry;

/// <summary>
/// Channel concatenation of k NCHW tensors that share N, H and W (Keras Concatenate on the channel axis):
/// input i (Batch, Channels[i], H, W) lands at channels [ChannelOffset(i), ChannelOffset(i) + Channels[i]) of the output.
/// </summary>
public sealed class ConcatGeometry
{
    private readonly int[] _channels;
    private readonly int[] _offsets;

    public int Batch { get; }
    public int H { get; }
    public int W { get; }
    public int TotalChannels { get; }

    public ConcatGeometry(int batch, int h, int w, IReadOnlyList<int> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count < 1) throw new ArgumentException("concat: needs at least one input.");
        _channels = new int[channels.Count];
        _offsets = new int[channels.Count];
        long total = 0;
        for (int i = 0; i < channels.Count; i++)
        {
            if (channels[i] < 1) throw new ArgumentException($"concat: input {i} has {channels[i]} channels; at least 1 needed.");
            _channels[i] = channels[i];
            _offsets[i] = (int)Math.Min(total, int.MaxValue);
            total += channels[i];
        }
        if (total > int.MaxValue) throw new ArgumentException("concat: total channel count overflows.");
        Batch = batch;
        H = h;
        W = w;
        TotalChannels = (int)total;
        _ = OutputShape; // validates batch, h, w and the element count
    }

    public int Count => _channels.Length;
    public IReadOnlyList<int> Channels => _channels;
    public int ChannelOffset(int input) => _offsets[input];
    public NchwShape InputShape(int input) => new(Batch, _channels[input], H, W);
    public NchwShape OutputShape => new(Batch, TotalChannels, H, W);
}

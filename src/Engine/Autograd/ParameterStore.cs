using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Autograd;

/// <summary>
/// Every parameter of a model in one flat value buffer (trainable ones first) and one flat gradient buffer,
/// each parameter a view at an aligned offset. One optimiser kernel launch then updates the whole model,
/// and one fill clears every gradient.
/// </summary>
public sealed class ParameterStore : IDisposable
{
    private readonly List<Parameter> _parameters = new();
    private readonly List<DeviceBuffer> _views = new();
    private readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);

    public ComputeDevice Device { get; }
    /// <summary>Flat values; the trainable region is [0, <see cref="TrainableFloats"/>).</summary>
    public Tensor Values { get; }
    /// <summary>Flat gradients of the trainable region.</summary>
    public Tensor Grads { get; }
    public int TrainableFloats { get; }
    /// <summary>Elements of trainable parameters, without alignment padding (what Keras counts).</summary>
    public long TrainableCount { get; }
    public IReadOnlyList<Parameter> Parameters => _parameters;

    public ParameterStore(ComputeDevice device, IEnumerable<ParameterSpec> specs)
    {
        Device = device;
        var ordered = specs.OrderByDescending(s => s.Trainable).ToList();   // stable: trainable first, in order
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in ordered)
        {
            if (!names.Add(s.Name)) throw new ArgumentException($"two parameters named '{s.Name}'");
            if (s.Initial.Length != s.Length) throw new ArgumentException($"parameter {s.Name}: {s.Initial.Length} initial values for shape {s.Shape}");
        }

        int align = device.ViewAlignmentFloats;
        var offsets = new long[ordered.Count];
        long cursor = 0;
        long trainableEnd = 0;
        for (int i = 0; i < ordered.Count; i++)
        {
            offsets[i] = cursor;
            cursor = (cursor + ordered[i].Length + align - 1) / align * align;
            if (ordered[i].Trainable)
            {
                trainableEnd = cursor;
                TrainableCount += ordered[i].Length;
            }
        }
        if (cursor > int.MaxValue) throw new ArgumentException("parameters exceed 2^31 floats");
        TrainableFloats = (int)trainableEnd;

        var host = new float[Math.Max(cursor, 1)];
        for (int i = 0; i < ordered.Count; i++) ordered[i].Initial.CopyTo(host, offsets[i]);
        Values = Tensor.FromArray(device, new Shape(host.Length), host);
        Grads = Tensor.Zeros(device, new Shape(Math.Max(TrainableFloats, 1)));

        for (int i = 0; i < ordered.Count; i++)
        {
            var s = ordered[i];
            var valueView = device.View(Values.Buffer, offsets[i], s.Length);
            _views.Add(valueView);
            Tensor? gradTensor = null;
            if (s.Trainable)
            {
                var gradView = device.View(Grads.Buffer, offsets[i], s.Length);
                _views.Add(gradView);
                gradTensor = Tensor.Over(gradView, s.Shape);
            }
            var p = new Parameter(s.Name, Tensor.Over(valueView, s.Shape), gradTensor, s.Trainable);
            _parameters.Add(p);
            _byName[s.Name] = p;
            _offsets[s.Name] = offsets[i];
        }
    }

    public Parameter this[string name] =>
        _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"no parameter named '{name}'");

    /// <summary>
    /// Where a parameter starts in the flat buffers, in floats. Anything laid out like <see cref="Grads"/>
    /// (the optimiser's moments) holds that parameter's entries at the same offset.
    /// </summary>
    public long Offset(string name) =>
        _offsets.TryGetValue(name, out var o) ? o : throw new KeyNotFoundException($"no parameter named '{name}'");

    public void ZeroGrads() => Device.Fill(Grads.Buffer, 0, Grads.Length, 0f);

    public void Dispose()
    {
        foreach (var v in _views) Device.ReleaseView(v);
        _views.Clear();
        Values.Dispose();
        Grads.Dispose();
    }
}

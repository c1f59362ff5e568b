using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Ops.BatchNorm;

namespace GrnGpu.Models.Layers;

/// <summary>
/// Runs a topology on autograd variables: every op is the F op of the same name, every layer reads its parameters
/// from the store by name. Whether it trains (batch statistics, moving-average updates, dropout, recording for
/// backward) is the open tape's business, not this class's. <paramref name="batchNormMomentum"/>, when given, replaces every
/// batch-norm layer's momentum for this pass (the population-statistics recalibration uses it).
/// </summary>
public sealed class VariableGraph(ParameterStore store, uint dropoutSeed, double? batchNormMomentum = null) : IGraph<Variable>
{
    public Shape ShapeOf(Variable x) => x.Shape;

    public Variable Conv2d(Conv2dLayer layer, Variable x) => Layer(layer.Name, () =>
        F.Conv2d(x, store[layer.Weight.Name], store[layer.Bias.Name], layer.Stride, layer.Dilation, Padding.Same));

    public Variable BatchNorm(BatchNormLayer layer, Variable x) => Layer(layer.Name, () =>
        F.BatchNorm(x, store[layer.Gamma.Name], store[layer.Beta.Name], store[layer.MovingMean.Name], store[layer.MovingVariance.Name], Settings(layer)));

    /// <summary>The layer's batch-norm settings, with this pass's momentum when one is given.</summary>
    private BatchNormSettings Settings(BatchNormLayer layer) =>
        batchNormMomentum is double momentum ? new BatchNormSettings(layer.Settings.Epsilon, momentum) : layer.Settings;

    public Variable Dense(DenseLayer layer, Variable x) => Layer(layer.Name, () =>
        F.Dense(x, store[layer.Weight.Name], layer.Bias is { } bias ? store[bias.Name] : null));

    public Variable BatchNormRelu(BatchNormLayer layer, string reluName, Variable x) => Layer(layer.Name, () =>
        F.BatchNormRelu(x, store[layer.Gamma.Name], store[layer.Beta.Name], store[layer.MovingMean.Name], store[layer.MovingVariance.Name], Settings(layer)));

    public Variable BatchNormAddRelu(BatchNormLayer layer, string addName, string reluName, Variable x, Func<Variable> shortcut)
    {
        var residual = shortcut();
        return Layer(layer.Name, () => F.BatchNormAddRelu(x, residual, store[layer.Gamma.Name], store[layer.Beta.Name], store[layer.MovingMean.Name],
            store[layer.MovingVariance.Name], Settings(layer)));
    }

    public Variable Relu(string name, Variable x) => Layer(name, () => F.Relu(x));
    public Variable Sigmoid(string name, Variable x) => Layer(name, () => F.Sigmoid(x));
    public Variable Add(string name, Variable a, Variable b) => Layer(name, () => F.Add(a, b));
    public Variable Concat(string name, params Variable[] xs) => Layer(name, () => F.Concat(xs));

    public Variable ConcatConv1x1(string concatName, Conv2dLayer layer, params Variable[] xs) =>
        layer.Kernel == 1 && layer.Stride == 1
            ? Layer(layer.Name, () => F.ConcatConv1x1(xs, store[layer.Weight.Name], store[layer.Bias.Name]))
            : Conv2d(layer, Concat(concatName, xs));
    public Variable ChannelScale(string name, Variable x, Variable scale) => Layer(name, () => F.ChannelScale(x, scale));
    public Variable Broadcast(string name, Variable s, int height, int width) => Layer(name, () => F.Broadcast(s, height, width));
    public Variable MaxPool(string name, Variable x, int pool, int stride, Padding padding) => Layer(name, () => F.MaxPool(x, pool, stride, padding));
    public Variable GlobalAvgPool(string name, Variable x) => Layer(name, () => F.GlobalAvgPool(x));
    public Variable Reshape(string name, Variable x, Shape shape) => F.Reshape(x, shape);

    /// <summary>Each dropout layer gets its own mask: the step's seed salted with the layer's name.</summary>
    public Variable Dropout(string name, Variable x, double rate) =>
        Layer(name, () => F.Dropout(x, rate, (uint)StableHash.Combine(unchecked((int)dropoutSeed), name)));

    /// <summary>Runs one layer; a device out of memory there says which layer asked (the innermost one: a message says it once).</summary>
    private static Variable Layer(string name, Func<Variable> run)
    {
        try
        {
            return run();
        }
        catch (OutOfDeviceMemoryException e) when (!e.Message.StartsWith("layer ", StringComparison.Ordinal))
        {
            throw new OutOfDeviceMemoryException($"layer {name}: {e.Message}");
        }
    }
}

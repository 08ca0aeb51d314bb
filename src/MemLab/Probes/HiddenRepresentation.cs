using System.Globalization;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Probes;

/// <summary>
/// The outputs of one hidden layer of a network (after its activation), in float64, for every point of a dataset: the
/// representation the probes of docs/algorithms.md section 7 look at. Layers are numbered from 1 (the first hidden layer) to
/// the last hidden layer; the output layer is not a representation. A constructed network's first layer counts like a
/// trained one's.
/// </summary>
public static class HiddenRepresentation
{
    /// <summary>The valid layer numbers of <paramref name="network"/>: 1 to its layer count minus one.</summary>
    public static IReadOnlyList<int> ValidLayers(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Enumerable.Range(1, network.Layers.Count - 1).ToArray();
    }

    /// <summary>Checks that <paramref name="layer"/> is a hidden layer of <paramref name="network"/>.</summary>
    /// <exception cref="MemLabException">(InvalidOptions) it is not; the message lists the valid layers and their widths.</exception>
    public static void RequireLayer(Network network, int layer, string name)
    {
        ArgumentNullException.ThrowIfNull(network);
        var valid = ValidLayers(network);
        if (valid.Contains(layer)) return;
        string choices = valid.Count == 0
            ? "it has no hidden layer (only an output layer), so it has no representation to probe"
            : "valid layers: " + string.Join(", ", valid.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l} ({network.Layers[l - 1].OutputCount} units)")));
        throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
            $"Layer {layer} is not a hidden layer of {name}, which has {network.Layers.Count} layers; {choices}. Pass --layer with one of them."));
    }

    /// <summary>Layer <paramref name="layer"/>'s outputs for every point of <paramref name="data"/>: N x width, row-major, float64.</summary>
    /// <exception cref="MemLabException">The layer is not a hidden layer, or the data's dimension is not the network's input count.</exception>
    public static double[] Of(Network network, int layer, Dataset data, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        RequireLayer(network, layer, "the network");
        ForwardPass.CheckDimension(network, data);
        return ForwardPass.Evaluate(Prefix(network, layer), data, blas, Precision.Float64);
    }

    /// <summary>The first <paramref name="layer"/> layers as a network of their own (its output rule only has to fit its width; it is never applied).</summary>
    private static Network Prefix(Network network, int layer)
    {
        var layers = network.Layers.Take(layer).ToArray();
        var rule = layers[^1].OutputCount == 1 ? OutputRule.Value : OutputRule.Argmax;
        return new Network(layers, rule, network.Provenance);
    }
}

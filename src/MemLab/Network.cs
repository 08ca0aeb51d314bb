namespace MemLab;

/// <summary>
/// A feed-forward network: a chain of <see cref="Layer"/>s (dense or sparse) and an <see cref="MemLab.OutputRule"/>
/// that turns the last layer's outputs into predictions. Plain immutable data; evaluation lives in
/// <c>MemLab.Networks.ForwardPass</c>, checking in <c>MemLab.Networks.Verification</c>, files in
/// <c>MemLab.Networks.NetworkFile</c>.
/// </summary>
public sealed class Network
{
    private readonly Layer[] _layers;

    /// <summary>A network from its layers, first to last.</summary>
    /// <exception cref="MemLabException">No layers, layer sizes that do not chain, or an output rule that does not fit the last layer.</exception>
    public Network(IReadOnlyList<Layer> layers, OutputRule outputRule, NetworkProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(provenance);
        if (layers.Count == 0)
            throw MemLabException.InvalidData("A network needs at least one layer.");
        for (int i = 1; i < layers.Count; i++)
            if (layers[i].InputCount != layers[i - 1].OutputCount)
                throw MemLabException.InvalidData(
                    $"Layer {i} expects {layers[i].InputCount} inputs but layer {i - 1} has {layers[i - 1].OutputCount} outputs; each layer's input count must equal the previous layer's unit count.");
        int outputs = layers[^1].OutputCount;
        if (outputRule is OutputRule.Sign or OutputRule.Value && outputs != 1)
            throw MemLabException.InvalidData($"Output rule {outputRule} needs exactly one output unit; the last layer has {outputs}.");
        if (outputRule == OutputRule.Argmax && outputs < 2)
            throw MemLabException.InvalidData($"Output rule Argmax needs at least two output units; the last layer has {outputs}.");
        _layers = layers.ToArray();
        OutputRule = outputRule;
        Provenance = provenance;
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>How outputs become predictions.</summary>
    public OutputRule OutputRule { get; }

    /// <summary>How this network was made.</summary>
    public NetworkProvenance Provenance { get; }

    /// <summary>d, the input dimension.</summary>
    public int InputCount => _layers[0].InputCount;

    /// <summary>Number of output units of the last layer.</summary>
    public int OutputCount => _layers[^1].OutputCount;

    /// <summary>Every stored weight and every bias, output layer included (the count docs/algorithms.md uses; a sparse layer's weights that are not stored are 0 and not counted).</summary>
    public long ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>The number of units in each layer, first hidden layer to output layer.</summary>
    public int[] Widths => _layers.Select(l => l.OutputCount).ToArray();

    /// <summary>The same layers with new provenance.</summary>
    public Network WithProvenance(NetworkProvenance provenance) => new(_layers, OutputRule, provenance);
}

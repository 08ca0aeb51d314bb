namespace MemLab;

/// <summary>
/// One fully connected layer: out = activation(W in + b), with W stored row-major as
/// <see cref="OutputCount"/> x <see cref="InputCount"/> float64 values. Plain data: constructions fill it,
/// nothing subclasses it. The arrays are taken over, not copied.
/// </summary>
public sealed class DenseLayer
{
    private readonly double[] _weights;
    private readonly double[] _bias;

    /// <summary>A layer with the given weights (row-major, outputCount x inputCount) and biases.</summary>
    /// <exception cref="MemLabException">Sizes disagree or a value is not finite.</exception>
    public DenseLayer(int inputCount, int outputCount, double[] weights, double[] bias, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (inputCount <= 0 || outputCount <= 0)
            throw MemLabException.InvalidData($"A layer needs at least one input and one output; got {inputCount} inputs and {outputCount} outputs.");
        if (weights.Length != (long)inputCount * outputCount)
            throw MemLabException.InvalidData($"A {outputCount} x {inputCount} layer needs {(long)inputCount * outputCount} weights; got {weights.Length}.");
        if (bias.Length != outputCount)
            throw MemLabException.InvalidData($"A layer with {outputCount} outputs needs {outputCount} biases; got {bias.Length}.");
        int bad = Array.FindIndex(weights, w => !double.IsFinite(w));
        if (bad >= 0)
            throw MemLabException.InvalidData($"Weight ({bad / inputCount}, {bad % inputCount}) is {weights[bad]}; network weights must be finite.");
        bad = Array.FindIndex(bias, b => !double.IsFinite(b));
        if (bad >= 0)
            throw MemLabException.InvalidData($"Bias {bad} is {bias[bad]}; network biases must be finite.");
        InputCount = inputCount;
        OutputCount = outputCount;
        _weights = weights;
        _bias = bias;
        Activation = activation;
    }

    /// <summary>Number of inputs (columns of W).</summary>
    public int InputCount { get; }

    /// <summary>Number of units (rows of W).</summary>
    public int OutputCount { get; }

    /// <summary>W, row-major OutputCount x InputCount.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>b, one value per unit.</summary>
    public ReadOnlySpan<double> Bias => _bias;

    /// <summary>The nonlinearity applied after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>Weights plus biases.</summary>
    public long ParameterCount => (long)InputCount * OutputCount + OutputCount;
}

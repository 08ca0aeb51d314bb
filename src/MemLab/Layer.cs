namespace MemLab;

/// <summary>
/// One layer of a <see cref="Network"/>: out = activation(W in + b), W an <see cref="OutputCount"/> x
/// <see cref="InputCount"/> float64 matrix. W is stored either in full (<see cref="DenseLayer"/>) or as its nonzero
/// entries row by row (<see cref="SparseLayer"/>, compressed sparse rows); those two are the only kinds, and every
/// evaluation gives both the same values. Plain data: constructions fill it, the arrays are taken over, not copied.
/// </summary>
public abstract class Layer
{
    private readonly double[] _bias;

    /// <summary>Checks and keeps what every layer has: its sizes, one finite bias per unit and the activation.</summary>
    /// <exception cref="MemLabException">No inputs or outputs, or biases of the wrong number or not finite.</exception>
    private protected Layer(int inputCount, int outputCount, double[] bias, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(bias);
        if (inputCount <= 0 || outputCount <= 0)
            throw MemLabException.InvalidData($"A layer needs at least one input and one output; got {inputCount} inputs and {outputCount} outputs.");
        if (bias.Length != outputCount)
            throw MemLabException.InvalidData($"A layer with {outputCount} outputs needs {outputCount} biases; got {bias.Length}.");
        int bad = Array.FindIndex(bias, b => !double.IsFinite(b));
        if (bad >= 0)
            throw MemLabException.InvalidData($"Bias {bad} is {bias[bad]}; network biases must be finite.");
        InputCount = inputCount;
        OutputCount = outputCount;
        _bias = bias;
        Activation = activation;
    }

    /// <summary>Number of inputs (columns of W).</summary>
    public int InputCount { get; }

    /// <summary>Number of units (rows of W).</summary>
    public int OutputCount { get; }

    /// <summary>b, one value per unit.</summary>
    public ReadOnlySpan<double> Bias => _bias;

    /// <summary>The nonlinearity applied after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>
    /// The weights as stored: all of W row-major for a <see cref="DenseLayer"/>, the stored entries in row order for a
    /// <see cref="SparseLayer"/>. What a pass over every weight (largest magnitude, nonzero count) reads.
    /// </summary>
    public abstract ReadOnlySpan<double> StoredWeights { get; }

    /// <summary>The stored weights plus the biases: InputCount x OutputCount + OutputCount for a dense layer, the stored entries + OutputCount for a sparse one.</summary>
    public long ParameterCount => StoredWeights.Length + (long)OutputCount;
}

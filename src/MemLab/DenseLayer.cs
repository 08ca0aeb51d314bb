namespace MemLab;

/// <summary>
/// A fully connected <see cref="Layer"/> with W stored in full, row-major, as <see cref="Layer.OutputCount"/> x
/// <see cref="Layer.InputCount"/> float64 values; every weight, zero or not, counts as a parameter. The arrays are
/// taken over, not copied.
/// </summary>
public sealed class DenseLayer : Layer
{
    private readonly double[] _weights;

    /// <summary>A layer with the given weights (row-major, outputCount x inputCount) and biases.</summary>
    /// <exception cref="MemLabException">Sizes disagree or a value is not finite.</exception>
    public DenseLayer(int inputCount, int outputCount, double[] weights, double[] bias, Activation activation)
        : base(inputCount, outputCount, bias, activation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != (long)inputCount * outputCount)
            throw MemLabException.InvalidData($"A {outputCount} x {inputCount} layer needs {(long)inputCount * outputCount} weights; got {weights.Length}.");
        // One vectorized pass: the largest magnitude is finite exactly when every weight is (NaN ranks first).
        int bad = weights.Length == 0 || double.IsFinite(weights[System.Numerics.Tensors.TensorPrimitives.IndexOfMaxMagnitude<double>(weights)])
            ? -1 : Array.FindIndex(weights, w => !double.IsFinite(w));
        if (bad >= 0)
            throw MemLabException.InvalidData($"Weight ({bad / inputCount}, {bad % inputCount}) is {weights[bad]}; network weights must be finite.");
        _weights = weights;
    }

    /// <summary>W, row-major OutputCount x InputCount.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary><see cref="Weights"/> as memory, for code that keeps a view of W beyond one call without copying it.</summary>
    internal ReadOnlyMemory<double> WeightMemory => _weights;

    /// <inheritdoc/>
    public override ReadOnlySpan<double> StoredWeights => _weights;
}

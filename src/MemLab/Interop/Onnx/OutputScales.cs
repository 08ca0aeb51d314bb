using System.Numerics.Tensors;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Interop.Onnx;

/// <summary>
/// Follows a float64 forward pass and records, for every point and output unit, the size of the terms the last
/// layer adds up: sum_k |w_k a_k| + |b| = (|W| |a|)_unit + |b|. Rounding errors of another evaluation (float32,
/// another summation order) are relative to this scale, not to the output itself, which may cancel to near 0.
/// </summary>
internal sealed class OutputScales : IPreActivationObserver
{
    private readonly IBlas _blas;
    private readonly DenseLayer _last;
    private readonly int _lastIndex;
    private readonly double[] _absoluteWeights;
    private readonly double[] _absoluteInput;

    /// <summary>A recorder for <paramref name="network"/> evaluated on <paramref name="count"/> points in chunks of at most <paramref name="chunkRows"/>.</summary>
    public OutputScales(Network network, IBlas blas, int count, int chunkRows)
    {
        _blas = blas;
        _lastIndex = network.Layers.Count - 1;
        _last = network.Layers[_lastIndex];
        _absoluteWeights = new double[_last.Weights.Length];
        TensorPrimitives.Abs(_last.Weights, _absoluteWeights);
        _absoluteInput = new double[(long)chunkRows * _last.InputCount];
        Scales = new double[(long)count * _last.OutputCount];
    }

    /// <summary>N x K scales, row-major, filled as the forward pass goes.</summary>
    public double[] Scales { get; }

    /// <inheritdoc/>
    public void Observe(int layer, int firstSample, int rows, ReadOnlySpan<double> input, ReadOnlySpan<double> preActivation)
    {
        if (layer != _lastIndex) return;
        int inputs = _last.InputCount, units = _last.OutputCount;
        Span<double> absoluteInput = _absoluteInput.AsSpan(0, rows * inputs);
        Span<double> scale = Scales.AsSpan(firstSample * units, rows * units);
        TensorPrimitives.Abs(input, absoluteInput);
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Abs(_last.Bias, scale.Slice(r * units, units));
        _blas.Dgemm(Transpose.No, Transpose.Yes, rows, units, inputs, 1.0, absoluteInput, inputs, _absoluteWeights, inputs,
            1.0, scale, units);
    }
}

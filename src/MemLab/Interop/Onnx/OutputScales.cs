using System.Numerics.Tensors;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Interop.Onnx;

/// <summary>
/// Follows a float64 forward pass with a second pass on absolute values, s_0 = |x|, s_l = |W_l| s_(l-1) + |b_l| (a GEMM, or a sparse product for a sparse layer), and
/// records the last layer's s for every point and output unit. Rounding errors of another evaluation (float32,
/// another summation order) made anywhere in the network are bounded by a small multiple of this scale, not of the
/// output itself, which may cancel to exactly 0 (a ReLU that is exactly off in float64 may be just on elsewhere). A
/// threshold layer passes on its 0/1 outputs: when both evaluations agree on a decision, no error crosses it.
/// </summary>
internal sealed class OutputScales : IPreActivationObserver
{
    private readonly IBlas _blas;
    private readonly IReadOnlyList<Layer> _layers;
    private readonly double[][] _absoluteWeights;
    private readonly double[][] _absoluteBias;
    private double[] _incoming;
    private double[] _outgoing;

    /// <summary>A recorder for <paramref name="network"/> evaluated on <paramref name="count"/> points in chunks of at most <paramref name="chunkRows"/>.</summary>
    public OutputScales(Network network, IBlas blas, int count, int chunkRows)
    {
        _blas = blas;
        _layers = network.Layers;
        _absoluteWeights = new double[_layers.Count][];
        _absoluteBias = new double[_layers.Count][];
        int widest = network.InputCount;
        for (int l = 0; l < _layers.Count; l++)
        {
            _absoluteWeights[l] = new double[_layers[l].StoredWeights.Length];
            TensorPrimitives.Abs(_layers[l].StoredWeights, _absoluteWeights[l]);
            _absoluteBias[l] = new double[_layers[l].OutputCount];
            TensorPrimitives.Abs(_layers[l].Bias, _absoluteBias[l]);
            widest = Math.Max(widest, _layers[l].OutputCount);
        }
        _incoming = new double[(long)chunkRows * widest];
        _outgoing = new double[(long)chunkRows * widest];
        Scales = new double[(long)count * network.OutputCount];
    }

    /// <summary>N x K scales, row-major, filled as the forward pass goes.</summary>
    public double[] Scales { get; }

    /// <inheritdoc/>
    public void Observe(int layer, int firstSample, int rows, ReadOnlySpan<double> input, ReadOnlySpan<double> preActivation)
    {
        var current = _layers[layer];
        int inputs = current.InputCount, units = current.OutputCount;
        if (layer == 0) TensorPrimitives.Abs(input, _incoming.AsSpan(0, rows * inputs));
        bool last = layer == _layers.Count - 1;
        Span<double> scale = last ? Scales.AsSpan(firstSample * units, rows * units) : _outgoing.AsSpan(0, rows * units);
        LayerProduct.Affine<double>(_blas, current, _absoluteWeights[layer], _absoluteBias[layer], _incoming.AsSpan(0, rows * inputs), rows, scale);
        if (last) return;
        if (current.Activation == Activation.Threshold)
            for (int i = 0; i < rows * units; i++) scale[i] = preActivation[i] > 0 ? 1 : 0;
        (_incoming, _outgoing) = (_outgoing, _incoming);
    }
}

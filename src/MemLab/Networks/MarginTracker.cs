using System.Numerics.Tensors;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// Follows a float64 forward pass and keeps the smallest threshold margin |t| / scale, where for a unit with
/// pre-activation t = sum_k w_k a_k + b the scale is sum_k |w_k a_k| + |b| = (|W| |a|)_unit + |b|: one extra
/// GEMM (sparse product for a sparse layer) per watched layer and chunk. Watches threshold layers and, for a Sign network, the output layer
/// (its pre-activation decides the class whatever its activation). Ties between equal margins go to the
/// smallest (layer, sample, unit), so the result does not depend on the chunk size.
/// </summary>
internal sealed class MarginTracker : IPreActivationObserver
{
    private readonly IBlas _blas;
    private readonly IReadOnlyList<Layer> _layers;
    private readonly double[]?[] _absoluteWeights;
    private readonly double[]?[] _absoluteBias;
    private readonly double[] _absoluteInput;
    private readonly double[] _scale;
    private ThresholdMargin? _smallest;

    private MarginTracker(IBlas blas, IReadOnlyList<Layer> layers, double[]?[] absoluteWeights, double[]?[] absoluteBias, int chunkRows)
    {
        _blas = blas;
        _layers = layers;
        _absoluteWeights = absoluteWeights;
        _absoluteBias = absoluteBias;
        int widestInput = 0, widestOutput = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            if (absoluteWeights[l] is null) continue;
            widestInput = Math.Max(widestInput, layers[l].InputCount);
            widestOutput = Math.Max(widestOutput, layers[l].OutputCount);
        }
        _absoluteInput = new double[(long)chunkRows * widestInput];
        _scale = new double[(long)chunkRows * widestOutput];
    }

    /// <summary>A tracker for <paramref name="network"/>, or null when it has no threshold decision to watch.</summary>
    /// <param name="network">The network about to be evaluated.</param>
    /// <param name="blas">The backend for the scale GEMMs.</param>
    /// <param name="chunkRows">The most rows one observed chunk can have.</param>
    public static MarginTracker? For(Network network, IBlas blas, int chunkRows)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        var absoluteWeights = new double[]?[layers.Count];
        var absoluteBias = new double[]?[layers.Count];
        bool any = false;
        for (int l = 0; l < layers.Count; l++)
        {
            bool watched = layers[l].Activation == Activation.Threshold
                || (l == layers.Count - 1 && network.OutputRule == OutputRule.Sign);
            if (!watched) continue;
            absoluteWeights[l] = new double[layers[l].StoredWeights.Length];
            TensorPrimitives.Abs(layers[l].StoredWeights, absoluteWeights[l]);
            absoluteBias[l] = new double[layers[l].OutputCount];
            TensorPrimitives.Abs(layers[l].Bias, absoluteBias[l]);
            any = true;
        }
        return any ? new MarginTracker(blas, layers, absoluteWeights, absoluteBias, chunkRows) : null;
    }

    /// <summary>The smallest margin seen so far, or null before any watched layer was observed.</summary>
    public ThresholdMargin? Smallest => _smallest;

    /// <inheritdoc/>
    public void Observe(int layer, int firstSample, int rows, ReadOnlySpan<double> input, ReadOnlySpan<double> preActivation)
    {
        double[]? absoluteWeights = _absoluteWeights[layer];
        if (absoluteWeights is null) return;
        Layer watched = _layers[layer];
        int inputs = watched.InputCount, units = watched.OutputCount;
        Span<double> absoluteInput = _absoluteInput.AsSpan(0, rows * inputs);
        Span<double> scale = _scale.AsSpan(0, rows * units);
        TensorPrimitives.Abs(input, absoluteInput);
        LayerProduct.Affine<double>(_blas, watched, absoluteWeights, _absoluteBias[layer], absoluteInput, rows, scale);

        for (int r = 0; r < rows; r++)
        {
            for (int u = 0; u < units; u++)
            {
                double margin = Margin(preActivation[r * units + u], scale[r * units + u]);
                if (Precedes(margin, layer, firstSample + r, u, _smallest))
                    _smallest = new ThresholdMargin(margin, layer, u, firstSample + r);
            }
        }
    }

    /// <summary>Takes <paramref name="candidate"/>, a margin measured outside <see cref="Observe"/>, when it is smaller than the smallest so far.</summary>
    public void Offer(ThresholdMargin candidate)
    {
        if (Precedes(candidate.Value, candidate.Layer, candidate.Sample, candidate.Unit, _smallest))
            _smallest = candidate;
    }

    /// <summary>
    /// |t| / scale; 0 when the scale is 0 (then t = 0 exactly: the unit sits on its boundary) and when the
    /// ratio is NaN (overflow to infinity: nothing can be said about the decision, so report the worst).
    /// </summary>
    internal static double Margin(double preActivation, double scale)
    {
        if (scale == 0) return 0;
        double ratio = Math.Abs(preActivation) / scale;
        return double.IsNaN(ratio) ? 0 : ratio;
    }

    /// <summary>
    /// Whether a margin at (layer, sample, unit) comes before <paramref name="current"/>: smaller, or equal and at a
    /// smaller (layer, sample, unit). A total order, so the smallest does not depend on the order margins are seen in.
    /// </summary>
    internal static bool Precedes(double margin, int layer, int sample, int unit, ThresholdMargin? current)
    {
        if (current is null) return true;
        if (margin != current.Value) return margin < current.Value;
        if (layer != current.Layer) return layer < current.Layer;
        if (sample != current.Sample) return sample < current.Sample;
        return unit < current.Unit;
    }
}

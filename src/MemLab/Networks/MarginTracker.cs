using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// Follows a float64 forward pass and keeps the smallest threshold margin |t| / scale, where for a unit with
/// pre-activation t = sum_k w_k a_k + b the scale is sum_k |w_k a_k| + |b| = (|W| |a|)_unit + |b|: one extra
/// GEMM (sparse product for a sparse layer) per watched layer and chunk, except for a layer with a popcount form
/// (<see cref="PopcountLayer"/>), whose scale is |b| + |t - b| exactly. Watches threshold layers and, for a Sign network, the output layer
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
    private readonly bool[] _counted;
    private readonly double[]?[] _weightNorms;
    private bool _bounded;
    private ThresholdMargin? _smallest;

    private MarginTracker(IBlas blas, IReadOnlyList<Layer> layers, double[]?[] absoluteWeights, double[]?[] absoluteBias, bool[] counted, int chunkRows)
    {
        _counted = counted;
        _blas = blas;
        _layers = layers;
        _absoluteWeights = absoluteWeights;
        _absoluteBias = absoluteBias;
        _weightNorms = new double[]?[layers.Count];
        int widestInput = 0, widestOutput = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            if (absoluteWeights[l] is null) continue;
            widestOutput = Math.Max(widestOutput, layers[l].OutputCount);
            if (counted[l]) continue;
            widestInput = Math.Max(widestInput, layers[l].InputCount);
        }
        _absoluteInput = new double[(long)chunkRows * widestInput];
        _scale = new double[(long)chunkRows * widestOutput];
    }

    /// <summary>A tracker for <paramref name="network"/>, or null when it has no threshold decision to watch.</summary>
    /// <param name="network">The network about to be evaluated.</param>
    /// <param name="blas">The backend for the scale GEMMs.</param>
    /// <param name="chunkRows">The most rows one observed chunk can have.</param>
    /// <param name="handovers">Layers the pass never observes because they hand bits to the next (<see cref="ForwardPass.BitHandovers(Network)"/>): their margins come through <see cref="Offer"/>.</param>
    /// <param name="popcount">Whether the pass evaluates popcount-form layers by popcount (then their scales come from t alone); false for a pass of GEMMs only.</param>
    /// <param name="bounded">Skip a chunk's scale product when a norm bound shows none of its margins can beat the smallest so far (the default; false for the plain pass tests compare it with).</param>
    public static MarginTracker? For(Network network, IBlas blas, int chunkRows, bool[] handovers, bool popcount = true, bool bounded = true)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        var absoluteWeights = new double[]?[layers.Count];
        var absoluteBias = new double[]?[layers.Count];
        var counted = new bool[layers.Count];
        bool any = false;
        for (int l = 0; l < layers.Count; l++)
        {
            bool watched = layers[l].Activation == Activation.Threshold
                || (l == layers.Count - 1 && network.OutputRule == OutputRule.Sign);
            if (!watched) continue;
            any = true;
            if (handovers[l]) continue;
            counted[l] = popcount && PopcountLayer.Applies(network, l);
            absoluteWeights[l] = counted[l] ? [] : new double[layers[l].StoredWeights.Length];
            if (!counted[l]) TensorPrimitives.Abs(layers[l].StoredWeights, absoluteWeights[l]);
            absoluteBias[l] = new double[layers[l].OutputCount];
            TensorPrimitives.Abs(layers[l].Bias, absoluteBias[l]);
        }
        return any ? new MarginTracker(blas, layers, absoluteWeights, absoluteBias, counted, chunkRows) { _bounded = bounded } : null;
    }

    /// <summary>The smallest margin seen so far, or null before any watched layer was observed.</summary>
    public ThresholdMargin? Smallest => _smallest;

    /// <summary>How many (layer, chunk) pairs skipped the scale product because their <see cref="LowerBound"/> could not beat the smallest margin.</summary>
    internal int ChunksSkipped { get; private set; }

    /// <inheritdoc/>
    public void Observe(int layer, int firstSample, int rows, ReadOnlySpan<double> input, ReadOnlySpan<double> preActivation)
    {
        double[]? absoluteWeights = _absoluteWeights[layer];
        if (absoluteWeights is null) return;
        Layer watched = _layers[layer];
        int inputs = watched.InputCount, units = watched.OutputCount;
        Span<double> scale = _scale.AsSpan(0, rows * units);
        if (_counted[layer])
        {
            // One nonzero weight value c and 0/1 inputs: sum |w a| = |c| P = |t - b|, exact on the layer's grid.
            ReadOnlySpan<double> bias = watched.Bias;
            for (int r = 0; r < rows; r++)
            {
                Span<double> row = scale.Slice(r * units, units);
                TensorPrimitives.Subtract(preActivation.Slice(r * units, units), bias, row);
                TensorPrimitives.Abs(row, row);
                TensorPrimitives.Add(row, _absoluteBias[layer], row);
            }
        }
        else
        {
            if (_bounded && _smallest is not null && watched is DenseLayer && LowerBound(layer, watched, rows, input, preActivation) > _smallest.Value)
            {
                ChunksSkipped++;
                return;
            }
            Span<double> absoluteInput = _absoluteInput.AsSpan(0, rows * inputs);
            TensorPrimitives.Abs(input, absoluteInput);
            LayerProduct.Affine<double>(_blas, watched, absoluteWeights, _absoluteBias[layer], absoluteInput, rows, scale);
        }

        // The chunk's smallest margin by a vector pass; only when it can beat the smallest so far, its first position
        // (the smallest sample, then unit, among equal margins) by a scalar scan.
        double chunkSmallest = SmallestMargin(preActivation, scale);
        if (_smallest is not null && chunkSmallest > _smallest.Value) return;
        for (int i = 0; i < rows * units; i++)
        {
            if (Margin(preActivation[i], scale[i]) != chunkSmallest) continue;
            if (Precedes(chunkSmallest, layer, firstSample + i / units, i % units, _smallest))
                _smallest = new ThresholdMargin(chunkSmallest, layer, i % units, firstSample + i / units);
            return;
        }
    }

    /// <summary>
    /// A lower bound on every margin of the chunk, without the scale GEMM: the scale sum_k |w_k a_k| + |b| is at most
    /// (||a|| ||w|| + |b|), and the GEMM's rounded scale at most that times (1 + gamma_(k+2)); the bound carries a
    /// further factor for the rounding of the norms. When it exceeds the smallest margin so far, no margin of the chunk
    /// can beat or tie it, so the chunk is skipped and the result is the same bit for bit. NaN (never skip) when a
    /// pre-activation is NaN.
    /// </summary>
    private double LowerBound(int layer, Layer watched, int rows, ReadOnlySpan<double> input, ReadOnlySpan<double> preActivation)
    {
        int inputs = watched.InputCount, units = watched.OutputCount;
        double[] norms = _weightNorms[layer] ??= WeightNorms(watched);
        double unit = 1.0 / (1L << 53), gamma = (inputs + 2) * unit / (1 - (inputs + 2) * unit);
        double slack = 1 + 4 * gamma + 16 * unit;
        ReadOnlySpan<double> bias = watched.Bias;
        double lowest = double.PositiveInfinity;
        for (int r = 0; r < rows; r++)
        {
            double norm = Math.Sqrt(TensorPrimitives.SumOfSquares(input.Slice(r * inputs, inputs)));
            ReadOnlySpan<double> row = preActivation.Slice(r * units, units);
            for (int u = 0; u < units; u++)
            {
                double scale = (norm * norms[u] + Math.Abs(bias[u])) * slack;
                double bound = scale == 0 ? 0 : Math.Abs(row[u]) / scale;
                lowest = Math.Min(lowest, bound);
            }
        }
        return lowest;
    }

    private static double[] WeightNorms(Layer layer)
    {
        int inputs = layer.InputCount;
        var norms = new double[layer.OutputCount];
        for (int u = 0; u < norms.Length; u++) norms[u] = Math.Sqrt(TensorPrimitives.SumOfSquares(layer.StoredWeights.Slice(u * inputs, inputs)));
        return norms;
    }

    /// <summary>The smallest <see cref="Margin"/> over pairs of pre-activations and scales, four at a time where possible.</summary>
    internal static double SmallestMargin(ReadOnlySpan<double> preActivation, ReadOnlySpan<double> scale)
    {
        double smallest = double.PositiveInfinity;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && preActivation.Length >= Vector256<double>.Count)
        {
            Vector256<double> least = Vector256.Create(double.PositiveInfinity);
            for (; i + Vector256<double>.Count <= preActivation.Length; i += Vector256<double>.Count)
            {
                Vector256<double> s = Vector256.Create(scale.Slice(i, Vector256<double>.Count));
                Vector256<double> ratio = Vector256.Abs(Vector256.Create(preActivation.Slice(i, Vector256<double>.Count))) / s;
                // Margin's rules: 0 where the scale is 0 and where the ratio is NaN.
                ratio = Vector256.ConditionalSelect(Vector256.Equals(s, Vector256<double>.Zero) | ~Vector256.Equals(ratio, ratio), Vector256<double>.Zero, ratio);
                least = Vector256.Min(least, ratio);
            }
            for (int k = 0; k < Vector256<double>.Count; k++) smallest = Math.Min(smallest, least[k]);
        }
        for (; i < preActivation.Length; i++) smallest = Math.Min(smallest, Margin(preActivation[i], scale[i]));
        return smallest;
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

using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// Batched evaluation of a <see cref="Network"/> on N x d float32 inputs: each layer is one GEMM per chunk
/// of rows (pre-activations = A W^T + b, through <see cref="IBlas"/>; a <see cref="SparseLayer"/> is a sparse
/// product over its stored entries, see <see cref="LayerProduct"/>) followed by its activation, so
/// memory stays bounded (a few chunk-sized buffers) however many points there are. The float64 path
/// widens inputs exactly and uses the weights as stored; the float32 path rounds the weights to float
/// once per call. Also turns outputs into predictions per <see cref="OutputRule"/>. The same inputs,
/// backend and chunk size give bit-identical outputs.
/// </summary>
public static class ForwardPass
{
    /// <summary>Rows evaluated per GEMM call unless a caller asks otherwise: 4096 (fewer for layers wider than 256 units, to keep chunks in cache).</summary>
    public const int DefaultChunkRows = 4096;

    /// <summary>The network's outputs for every point of <paramref name="data"/>.</summary>
    /// <param name="network">The network to evaluate.</param>
    /// <param name="data">Points with d = <see cref="Network.InputCount"/> features (targets are ignored).</param>
    /// <param name="blas">The GEMM backend.</param>
    /// <param name="precision">The floating-point type to compute in.</param>
    /// <param name="chunkRows">Rows per GEMM call. Default <see cref="DefaultChunkRows"/>. Must be >= 1.</param>
    /// <returns>N x <see cref="Network.OutputCount"/> outputs, row-major.</returns>
    /// <exception cref="MemLabException">The data's dimension differs from the network's input count.</exception>
    public static double[] Evaluate(Network network, Dataset data, IBlas blas, Precision precision, int chunkRows = DefaultChunkRows)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        CheckDimension(network, data);
        return Evaluate(network, data.Features, data.SampleCount, blas, precision, chunkRows);
    }

    /// <summary>The network's outputs for <paramref name="count"/> points given row-major in <paramref name="inputs"/>.</summary>
    /// <param name="network">The network to evaluate.</param>
    /// <param name="inputs"><paramref name="count"/> x d values, row-major, d = <see cref="Network.InputCount"/>.</param>
    /// <param name="count">N, the number of points (0 gives an empty result).</param>
    /// <param name="blas">The GEMM backend.</param>
    /// <param name="precision">The floating-point type to compute in.</param>
    /// <param name="chunkRows">Rows per GEMM call. Default <see cref="DefaultChunkRows"/>. Must be >= 1.</param>
    /// <returns>N x <see cref="Network.OutputCount"/> outputs, row-major.</returns>
    /// <exception cref="MemLabException">The number of values is not N times the network's input count.</exception>
    public static double[] Evaluate(Network network, ReadOnlySpan<float> inputs, int count, IBlas blas, Precision precision,
        int chunkRows = DefaultChunkRows)
    {
        var outputs = new double[CheckedOutputLength(network, inputs, count, blas, chunkRows)];
        switch (precision)
        {
            case Precision.Float64:
                Run<double>(network, inputs, count, blas, chunkRows, outputs, null, popcount: true);
                break;
            case Precision.Float32:
                Run<float>(network, inputs, count, blas, chunkRows, outputs, null, popcount: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        }
        return outputs;
    }

    /// <summary>
    /// The predicted class of one point from its outputs: for <see cref="OutputRule.Sign"/> 1 if o &gt; 0,
    /// else 0; for <see cref="OutputRule.Argmax"/> the index of the largest output. Returns -1 (a failure,
    /// never broken silently) when the largest output is tied or an output is NaN.
    /// </summary>
    /// <param name="rule">A classification rule (not <see cref="OutputRule.Value"/>, whose outputs are already the predictions).</param>
    /// <param name="outputs">The point's outputs: one for Sign, K for Argmax.</param>
    public static int PredictClass(OutputRule rule, ReadOnlySpan<double> outputs)
    {
        switch (rule)
        {
            case OutputRule.Sign:
                if (outputs.Length != 1)
                    throw new ArgumentException($"The Sign rule reads one output; got {outputs.Length}.", nameof(outputs));
                return double.IsNaN(outputs[0]) ? -1 : outputs[0] > 0 ? 1 : 0;
            case OutputRule.Argmax:
                if (outputs.Length == 0)
                    throw new ArgumentException("The Argmax rule needs at least one output.", nameof(outputs));
                return UniqueArgmax(outputs);
            case OutputRule.Value:
                throw new ArgumentException("A Value network predicts numbers, not classes: its outputs are the predictions.", nameof(rule));
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown output rule.");
        }
    }

    /// <summary>The predicted class of every point (see <see cref="PredictClass"/>; -1 marks a tie or NaN).</summary>
    /// <param name="rule">A classification rule: <see cref="OutputRule.Sign"/> or <see cref="OutputRule.Argmax"/>.</param>
    /// <param name="outputs">N x <paramref name="outputCount"/> outputs, row-major, as <see cref="Evaluate(Network, Dataset, IBlas, Precision, int)"/> returns them.</param>
    /// <param name="outputCount">Outputs per point.</param>
    public static int[] PredictClasses(OutputRule rule, ReadOnlySpan<double> outputs, int outputCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputCount);
        if (outputs.Length % outputCount != 0)
            throw new ArgumentException($"{outputs.Length} outputs do not split into rows of {outputCount}.", nameof(outputs));
        var classes = new int[outputs.Length / outputCount];
        for (int i = 0; i < classes.Length; i++)
            classes[i] = PredictClass(rule, outputs.Slice(i * outputCount, outputCount));
        return classes;
    }

    /// <summary>Applies <paramref name="activation"/> in place (threshold: H(t) = 1 if t &gt; 0, else 0, so H(0) = 0).</summary>
    public static void Activate(Activation activation, Span<double> values) => ActivateInPlace(activation, values);

    /// <summary>Applies <paramref name="activation"/> in place, in float32.</summary>
    public static void Activate(Activation activation, Span<float> values) => ActivateInPlace(activation, values);

    /// <summary>
    /// The float64 forward pass into <paramref name="outputs"/> (N x OutputCount), reporting every layer's
    /// input and pre-activation to <paramref name="observer"/> when there is one (a margin tracker gets the margins of
    /// layers that hand bits to the next, <see cref="BitHandovers(Network)"/>, as offers instead). Arguments are checked as in <see cref="Evaluate(Network, ReadOnlySpan{float}, int, IBlas, Precision, int)"/>.
    /// Layers with a <see cref="PopcountLayer"/> form are evaluated by popcount (the same values) unless
    /// <paramref name="popcount"/> is false, which forces GEMMs (tests compare the two).
    /// </summary>
    internal static void EvaluateFloat64(Network network, ReadOnlySpan<float> inputs, int count, IBlas blas, int chunkRows,
        Span<double> outputs, IPreActivationObserver? observer, bool popcount = true)
    {
        long length = CheckedOutputLength(network, inputs, count, blas, chunkRows);
        if (outputs.Length != length)
            throw new ArgumentException($"The outputs need {length} values; got {outputs.Length}.", nameof(outputs));
        Run<double>(network, inputs, count, blas, chunkRows, outputs, observer, popcount);
    }

    /// <summary>Checks that the data's points have as many features as the network has inputs.</summary>
    /// <exception cref="MemLabException">They differ.</exception>
    internal static void CheckDimension(Network network, Dataset data)
    {
        if (data.FeatureCount != network.InputCount)
            throw MemLabException.InvalidData(
                $"The network takes {network.InputCount} inputs per point but the data ({data.Provenance.Spec}) has {data.FeatureCount} features; " +
                "use the data the network was built for, with the same preprocessing.");
    }

    private static long CheckedOutputLength(Network network, ReadOnlySpan<float> inputs, int count, IBlas blas, int chunkRows)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(blas);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkRows);
        long expected = (long)count * network.InputCount;
        if (inputs.Length != expected)
            throw MemLabException.InvalidData(
                $"The network takes {network.InputCount} inputs per point, so {count} points need {expected} values; got {inputs.Length}. " +
                $"Give {network.InputCount} features per point.");
        return (long)count * network.OutputCount;
    }

    /// <summary>The chunked forward pass in T (float or double); outputs are always written as double.</summary>
    private static void Run<T>(Network network, ReadOnlySpan<float> inputs, int count, IBlas blas, int chunkRows,
        Span<double> outputs, IPreActivationObserver? observer, bool popcount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(observer is null || typeof(T) == typeof(double), "Only the float64 path reports pre-activations.");
        if (count == 0) return;
        IReadOnlyList<Layer> layers = network.Layers;
        int last = layers.Count - 1;
        int d = network.InputCount;
        int outputCount = network.OutputCount;
        bool isDouble = typeof(T) == typeof(double);
        (T[] Weights, T[] Bias)[] narrowed = isDouble ? [] : layers.Select(l => (Narrow<T>(l.StoredWeights), Narrow<T>(l.Bias))).ToArray();
        PopcountLayer?[] counted = isDouble && popcount ? PopcountLayer.ForLayers(network) : [];

        // Buffers for one chunk: the widened input (float64 only) and two ping-pong layer outputs. The last
        // float64 layer writes straight into the caller's outputs.
        bool[] handovers = isDouble && popcount && observer is null or MarginTracker ? BitHandovers(network, counted) : new bool[layers.Count];
        int bufferedLayers = isDouble ? last : last + 1;
        int widest = 0;
        for (int l = 0; l < bufferedLayers; l++)
            if (!handovers[l]) widest = Math.Max(widest, layers[l].OutputCount);
        int chunk = Math.Min(ChunkRows(network, chunkRows, handovers), count);
        T[] widened = isDouble ? new T[chunk * d] : [];
        T[] ping = new T[(long)chunk * widest];
        T[] pong = bufferedLayers > 1 ? new T[(long)chunk * widest] : [];

        for (int first = 0; first < count; first += chunk)
        {
            int rows = Math.Min(chunk, count - first);
            ReadOnlySpan<float> x = inputs.Slice(first * d, rows * d);
            ReadOnlySpan<T> a;
            if (isDouble)
            {
                Span<T> wide = widened.AsSpan(0, rows * d);
                TensorPrimitives.ConvertChecked(x, MemoryMarshal.Cast<T, double>(wide));
                a = wide;
            }
            else
            {
                a = MemoryMarshal.Cast<float, T>(x);
            }
            Span<double> chunkOutputs = outputs.Slice(first * outputCount, rows * outputCount);
            a = Layers(network, 0, a, first, rows, blas, narrowed, counted, handovers, ping, pong, chunkOutputs, observer);
            if (!isDouble)
                TensorPrimitives.ConvertChecked(MemoryMarshal.Cast<T, float>(a), chunkOutputs);
        }
    }

    /// <summary>
    /// Layers <paramref name="fromLayer"/> to the last on one chunk of <paramref name="rows"/> rows whose input is
    /// <paramref name="a"/>: each layer's output goes to <paramref name="ping"/> or <paramref name="pong"/> by the
    /// parity of its index, except the last float64 layer, which writes straight into <paramref name="chunkOutputs"/>.
    /// A float64 layer with a <paramref name="popcount"/> entry is evaluated by it (the same values as the GEMM, see
    /// <see cref="PopcountLayer"/>), and hands its outputs to the next layer as bits where <paramref name="handovers"/>
    /// says so (<see cref="BitHandovers(Network)"/>; then the observer must be null or the margin tracker). Returns the last layer's activations.
    /// <paramref name="inputBits"/>, when given, are the 0/1 inputs of layer <paramref name="fromLayer"/> as bits (that layer must have a popcount form; <paramref name="a"/> is then not read).
    /// </summary>
    internal static ReadOnlySpan<T> Layers<T>(Network network, int fromLayer, ReadOnlySpan<T> a, int first, int rows, IBlas blas,
        (T[] Weights, T[] Bias)[] narrowed, PopcountLayer?[] popcount, bool[] handovers, T[] ping, T[] pong, Span<double> chunkOutputs,
        IPreActivationObserver? observer, ulong[]? inputBits = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        IReadOnlyList<Layer> layers = network.Layers;
        int last = layers.Count - 1;
        bool isDouble = typeof(T) == typeof(double);
        ulong[]? bits = inputBits;
        for (int l = fromLayer; l <= last; l++)
        {
            Layer layer = layers[l];
            PopcountLayer? counted = isDouble && popcount.Length > l ? popcount[l] : null;
            ulong[]? input = counted is null ? null : bits ?? counted.Pack(MemoryMarshal.Cast<T, double>(a), rows);
            if (counted is not null && handovers.Length > l && handovers[l])
            {
                // A threshold layer feeding another popcount layer hands it bits and is never stored as float64; its
                // margins go straight to the tracker.
                double? bound = observer is null ? null : ((MarginTracker)observer).Smallest?.Value ?? double.PositiveInfinity;
                var (outputBits, smallest) = counted.ThresholdBits(input!, rows, bound, blas.ThreadCount);
                if (smallest is { } s)
                    ((MarginTracker)observer!).Offer(new ThresholdMargin(s.Margin, l, s.Unit, first + s.Row));
                bits = outputBits;
                continue;
            }
            Span<T> pre = isDouble && l == last
                ? MemoryMarshal.Cast<double, T>(chunkOutputs)
                : (l % 2 == 0 ? ping : pong).AsSpan(0, rows * layer.OutputCount);
            if (counted is not null)
            {
                counted.PreActivations(input!, rows, MemoryMarshal.Cast<T, double>(pre), blas.ThreadCount);
            }
            else
            {
                ReadOnlySpan<T> weights = isDouble ? MemoryMarshal.Cast<double, T>(layer.StoredWeights) : narrowed[l].Weights;
                ReadOnlySpan<T> bias = isDouble ? MemoryMarshal.Cast<double, T>(layer.Bias) : narrowed[l].Bias;
                LayerProduct.Affine(blas, layer, weights, bias, a, rows, pre);
            }
            bits = null;
            // After a layer handed over bits, a is stale; only the tracker watches such a layer, and it reads t alone.
            observer?.Observe(l, first, rows, MemoryMarshal.Cast<T, double>(a), MemoryMarshal.Cast<T, double>(pre));
            ActivateInPlace(layer.Activation, pre);
            a = pre;
        }
        return a;
    }

    /// <summary>
    /// For each layer, whether the float64 pass (with no observer or the margin tracker) hands its outputs to the next
    /// layer as bits, never storing them: both have a popcount form (<see cref="PopcountLayer"/>) and it is a threshold layer.
    /// </summary>
    internal static bool[] BitHandovers(Network network) =>
        BitHandovers(network, Enumerable.Range(0, network.Layers.Count).Select(l => PopcountLayer.Applies(network, l)).ToArray());

    /// <summary><see cref="BitHandovers(Network)"/> from the layers' popcount forms, already known (no second scan of the weights).</summary>
    internal static bool[] BitHandovers(Network network, PopcountLayer?[] counted) =>
        BitHandovers(network, counted.Select(c => c is not null).ToArray());

    private static bool[] BitHandovers(Network network, bool[] hasForm)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        var handovers = new bool[layers.Count];
        for (int l = 0; l + 1 < layers.Count; l++)
            handovers[l] = hasForm[l] && hasForm[l + 1] && layers[l].Activation == Activation.Threshold;
        return handovers;
    }

    /// <summary>
    /// Rows per chunk of the float64 pass: <see cref="ChunkSize"/> for the widest layer input or output that is stored
    /// as float64 (a layer that hands over bits, and the next layer's input, are not).
    /// </summary>
    internal static int ChunkRows(Network network, int requestedRows, bool[] handovers)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        int widest = network.InputCount;
        for (int l = 0; l < layers.Count; l++)
        {
            if (l == 0 || !handovers[l - 1]) widest = Math.Max(widest, layers[l].InputCount);
            if (!handovers[l]) widest = Math.Max(widest, layers[l].OutputCount);
        }
        return ChunkSize.Rows(requestedRows, widest);
    }

    /// <summary>float64 values rounded to the nearest float32 (for floating-point types "truncating" is the ordinary cast).</summary>
    private static T[] Narrow<T>(ReadOnlySpan<double> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        TensorPrimitives.ConvertTruncating(values, result.AsSpan());
        return result;
    }

    private static void ActivateInPlace<T>(Activation activation, Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Identity:
                return;
            case Activation.Relu:
                TensorPrimitives.Max(values, T.Zero, values);
                return;
            case Activation.Threshold:
                Step(values);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>H(t) = 1 if t &gt; 0, else 0 (NaN maps to 0), vectorized: TensorPrimitives has no step function.</summary>
    private static void Step<T>(Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            var v = new Vector<T>(values[i..]);
            Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero).CopyTo(values[i..]);
        }
        for (; i < values.Length; i++)
            values[i] = values[i] > T.Zero ? T.One : T.Zero;
    }

    private static int UniqueArgmax(ReadOnlySpan<double> outputs)
    {
        int best = 0;
        bool tied = false;
        for (int j = 0; j < outputs.Length; j++)
        {
            if (double.IsNaN(outputs[j])) return -1;
            if (outputs[j] > outputs[best])
            {
                best = j;
                tied = false;
            }
            else if (j != best && outputs[j] == outputs[best])
            {
                tied = true;
            }
        }
        return tied ? -1 : best;
    }
}

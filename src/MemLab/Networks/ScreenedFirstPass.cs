using System.Numerics.Tensors;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// The float64 forward pass of <see cref="Verification"/> for networks whose first layer is a wide dense threshold
/// layer feeding a layer with a popcount form (<see cref="PopcountLayer"/>), such as the Finke construction on MNIST:
/// the first layer's outputs come from <see cref="ThresholdCodes"/> (a float32 GEMM screened by a rigorous error bound,
/// every value within it decided again in float64), so every bit is the one the float64 GEMM gives, and only the chunks
/// that can hold the smallest first-layer threshold margin are recomputed by the float64 path itself and shown to the
/// <see cref="MarginTracker"/>. A chunk is skipped when every margin in it is provably above a margin the float64 path
/// has at some rechecked value, so the smallest margin, its position and every output equal the general pass's bit
/// for bit (ties included). Nothing is reused from the construction: the codes are recomputed from the stored weights.
/// </summary>
internal static class ScreenedFirstPass
{
    /// <summary>Below this many multiply-adds in the first layer the general pass is cheap and is used instead.</summary>
    public const long SmallestProduct = 1L << 26;

    private const long LargestCodeBytes = 1L << 30;

    /// <summary>
    /// Whether the pass can take <paramref name="network"/> on <paramref name="count"/> points: a dense threshold first
    /// layer with more than <see cref="NarrowLayer.MaxInputs"/> inputs, a second layer with a popcount form, codes of at
    /// most 1 GB, and (unless <paramref name="anySize"/>) at least <see cref="SmallestProduct"/> multiply-adds.
    /// </summary>
    public static bool Applies(Network network, int count, bool anySize = false)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        if (layers.Count < 2 || layers[0] is not DenseLayer first || first.Activation != Activation.Threshold
            || first.InputCount <= NarrowLayer.MaxInputs || !PopcountLayer.Applies(network, 1))
            return false;
        long words = (first.OutputCount + 63) / 64;
        return (long)count * words * 8 <= LargestCodeBytes
            && (anySize || (long)count * first.OutputCount * first.InputCount >= SmallestProduct);
    }

    /// <summary>
    /// The outputs of <paramref name="network"/> (<see cref="Applies"/>) at <paramref name="count"/> points, with every
    /// threshold margin that can be the smallest shown to <paramref name="margins"/>. Returns how many chunks went
    /// through the float64 path, or null, having written nothing, when a weight, bias or coordinate lies outside the
    /// range where the float32 error bound holds; the caller then takes the general pass.
    /// </summary>
    public static int? Evaluate(Network network, ReadOnlySpan<float> inputs, int count, IBlas blas, int chunkRows,
        Span<double> outputs, MarginTracker margins)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        var first = (DenseLayer)layers[0];
        int d = first.InputCount, n = first.OutputCount, outputCount = network.OutputCount;
        PopcountLayer?[] counted = PopcountLayer.ForLayers(network);
        bool[] handovers = ForwardPass.BitHandovers(network, counted);
        int chunk = Math.Min(ForwardPass.ChunkRows(network, chunkRows, handovers), count);
        var codes = new ThresholdCodes(blas, first.WeightMemory, first.Bias.ToArray(), d, n, chunk);
        if (count == 0) return 0;
        if (!codes.InRange(inputs[..(count * d)])) return null;

        // Every chunk's bits from the screened float32 product, with bounds on its first-layer margins.
        int chunks = (count + chunk - 1) / chunk;
        var bits = new ulong[chunks][];
        var lowest = new double[chunks];
        var exact = new bool[chunks];
        double upper = double.PositiveInfinity, floor = double.PositiveInfinity;
        for (int c = 0; c < chunks; c++) bits[c] = new ulong[Math.Min(chunk, count - c * chunk) * codes.Words];
        ChunkScreen[] screens = codes.ScreenAll(inputs, count, c => (bits[c], 0), marginBounds: true);
        for (int c = 0; c < chunks; c++)
        {
            lowest[c] = screens[c].LowestMargin;
            exact[c] = screens[c].Exact;
            upper = Math.Min(upper, screens[c].LowestUpper);
            floor = Math.Min(floor, screens[c].Floor);
        }

        // Some rechecked value's float64 margin is at most `upper`, and every value that was not rechecked has a margin
        // above the floor; so when upper is below the floor, only chunks holding a rechecked value whose margin can be
        // at most upper can hold the smallest margin (or a tie with it). Those, and chunks with an undecided value,
        // go through the float64 path exactly as the general pass computes them.
        bool every = !(upper < floor);
        var widened = new double[chunk * d];
        var pre = new double[(long)chunk * n];
        int recomputed = 0;
        for (int c = 0; c < chunks; c++)
        {
            if (!(every || !exact[c] || lowest[c] <= upper)) continue;
            recomputed++;
            int start = c * chunk, rows = Math.Min(chunk, count - start);
            Span<double> a = widened.AsSpan(0, rows * d);
            TensorPrimitives.ConvertChecked(inputs.Slice(start * d, rows * d), a);
            Span<double> values = pre.AsSpan(0, rows * n);
            LayerProduct.Affine<double>(blas, first, first.StoredWeights, first.Bias, a, rows, values);
            margins.Observe(0, start, rows, a, values);
            Array.Clear(bits[c]);
            for (int r = 0; r < rows; r++)
                BitPacking.Positive(values.Slice(r * n, n), bits[c].AsSpan(r * codes.Words, codes.Words));
        }

        // The later layers from the bits, as the general pass runs them.
        int last = layers.Count - 1, widest = 0;
        for (int l = 1; l < last; l++)
            if (!handovers[l]) widest = Math.Max(widest, layers[l].OutputCount);
        var ping = new double[(long)chunk * widest];
        var pong = new double[(long)chunk * widest];
        for (int c = 0; c < chunks; c++)
        {
            int start = c * chunk, rows = Math.Min(chunk, count - start);
            ForwardPass.Layers<double>(network, 1, [], start, rows, blas, [], counted, handovers, ping, pong,
                outputs.Slice(start * outputCount, rows * outputCount), margins, bits[c]);
        }
        return recomputed;
    }
}

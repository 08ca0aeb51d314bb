using System.Numerics;
using System.Runtime.Intrinsics;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// The float64 forward pass of <see cref="Verification"/> for networks whose first layer is a threshold layer with
/// few inputs (<see cref="NarrowLayer.MaxInputs"/>) followed by a narrow layer (<see cref="BitInputLayer.MaxUnits"/>), both dense,
/// such as the Finke construction on two moons, fused: per point, the first layer's signs come from the float32
/// screen (<see cref="NarrowLayer.ScreenedBits"/>), every value near 0 decided, and its margin measured, by the float64
/// sums (or, without the screen, every value and scale by the float64 sums, checked against the smallest margin so
/// far), and are kept as bits; the second layer counts the bits that are on by popcount where it has that form
/// (<see cref="PopcountLayer"/>, the Finke network) or sums their weights (<see cref="BitInputLayer"/>), and is checked
/// the same way. So the N x n pre-activations, scales and 0/1 outputs of the first layer are never stored. Later layers
/// run exactly as in <see cref="ForwardPass"/> (GEMM, watched by the <see cref="MarginTracker"/>). Outputs and margins
/// equal the general pass's with the managed backend bit for bit (OpenBLAS's kernels can round the last bit of a
/// first-layer value differently).
/// </summary>
internal static class ThresholdFirstPass
{
    /// <summary>Margins within this relative distance of the smallest so far are computed exactly; the rest are skipped by one multiplication.</summary>
    private const double Slack = 1 + 1e-12;

    /// <summary>Whether <see cref="Verification"/> takes this pass for <paramref name="network"/> (see the type's summary; sparse first or second layers go through <see cref="ForwardPass"/>).</summary>
    public static bool Applies(Network network) =>
        network.Layers.Count >= 2 && network.Layers[0].Activation == Activation.Threshold
        && network.Layers[0] is DenseLayer && network.Layers[1] is DenseLayer
        && network.InputCount <= NarrowLayer.MaxInputs && network.Layers[1].OutputCount <= BitInputLayer.MaxUnits;

    /// <summary>
    /// The outputs of <paramref name="network"/> (at least two layers, the first a threshold layer) at
    /// <paramref name="count"/> points, with every threshold margin offered to <paramref name="margins"/>. Arguments as
    /// for <see cref="ForwardPass.EvaluateFloat64"/>, already checked; the points of a chunk are split over
    /// <see cref="IBlas.ThreadCount"/> threads, which does not change any value. The first layer's signs come from the
    /// float32 screen (<see cref="NarrowLayer.ScreenedBits"/>) where the machine has 512-bit vectors and the values lie
    /// in its range (<paramref name="screened"/> true: wherever they lie in range; false: never), every value near 0
    /// decided and its margin measured by the float64 sums. A chunk is screened only once a margin at most the
    /// screen's floor is known (every value the screen leaves decided has a margin above the floor, so none of them
    /// can come first); before that, it goes through the float64 sums of every value, which a screen would have
    /// needed after it anyway unless it found such a margin, so the smallest margin is the plain pass's. Returns how
    /// many chunks were screened.
    /// </summary>
    public static unsafe int Evaluate(Network network, ReadOnlySpan<float> inputs, int count, IBlas blas, int chunkRows,
        Span<double> outputs, MarginTracker margins, bool popcount = true, bool? screened = null)
    {
        if (count == 0) return 0;
        IReadOnlyList<Layer> layers = network.Layers;
        var firstLayer = (DenseLayer)layers[0];
        var first = new NarrowLayer(firstLayer);
        var second = new BitInputLayer((DenseLayer)layers[1]);
        int d = first.Inputs, last = layers.Count - 1, outputCount = network.OutputCount;
        bool watchSecond = layers[1].Activation == Activation.Threshold || (last == 1 && network.OutputRule == OutputRule.Sign);
        int chunk = Math.Min(ChunkSize.Rows(chunkRows, network), count);
        int widest = layers.Skip(1).Take(last - 1).Select(l => l.OutputCount).DefaultIfEmpty(0).Max();
        var ping = new double[(long)chunk * widest];
        var pong = new double[(long)chunk * widest];
        PopcountLayer?[] counted = popcount ? PopcountLayer.ForLayers(network) : [];
        bool[] handovers = popcount ? ForwardPass.BitHandovers(network, counted) : new bool[layers.Count];
        PopcountLayer? countedSecond = popcount ? counted[1] : null;
        bool screen = screened != false && (screened == true || Vector512.IsHardwareAccelerated)
            && Float32Bound.InRange(firstLayer.Weights, firstLayer.Bias, inputs[..(count * d)]);
        var options = new ParallelOptions { MaxDegreeOfParallelism = blas.ThreadCount };
        int screenedChunks = 0;
        fixed (float* x = inputs)
        fixed (double* o = outputs, q = pong)
        {
            float* points = x;
            for (int start = 0; start < count; start += chunk)
            {
                int rows = Math.Min(chunk, count - start);
                double* secondOutputs = last == 1 ? o + (long)start * outputCount : q;
                int parts = Math.Max(1, Math.Min(blas.ThreadCount, rows / 16));
                int chunkStart = start;
                void Chunk(bool screenChunk)
                {
                    var smallest = new ThresholdMargin?[parts];
                    Parallel.For(0, parts, options, part =>
                    {
                        int from = rows * part / parts, to = rows * (part + 1) / parts;
                        smallest[part] = FirstTwoLayers(first, countedSecond, second, layers[1].Activation, watchSecond, screenChunk,
                            new ReadOnlySpan<float>(points + (long)(chunkStart + from) * d, (to - from) * d), chunkStart + from,
                            new Span<double>(secondOutputs + (long)from * second.Units, (to - from) * second.Units));
                    });
                    foreach (ThresholdMargin? candidate in smallest)
                        if (candidate is not null) margins.Offer(candidate);
                }
                bool screenChunk = screen && margins.Smallest?.Value <= first.ScreenFloor;
                if (screenChunk) screenedChunks++;
                Chunk(screenChunk);
                if (last > 1)
                    ForwardPass.Layers<double>(network, 2, pong.AsSpan(0, rows * second.Units), start, rows, blas, [], counted, handovers, ping, pong,
                        outputs.Slice(start * outputCount, rows * outputCount), margins);
            }
        }
        return screenedChunks;
    }

    /// <summary>
    /// The second layer's outputs for the rows of <paramref name="points"/> (the first of them is sample
    /// <paramref name="firstSample"/>) into <paramref name="activations"/>, and the smallest margin among the first
    /// layer's units (with <paramref name="screen"/>, among those the screen leaves to the float64 sums) and, when
    /// <paramref name="watchSecond"/>, the second layer's (ties to the smallest layer, sample, unit). The second layer
    /// goes by popcount where it has that form (<paramref name="counted"/>), else by <paramref name="second"/>'s sums.
    /// </summary>
    private static ThresholdMargin? FirstTwoLayers(NarrowLayer layer, PopcountLayer? counted, BitInputLayer second, Activation secondActivation,
        bool watchSecond, bool screen, ReadOnlySpan<float> points, int firstSample, Span<double> activations)
    {
        int n = layer.Units, d = layer.Inputs, units = second.Units;
        Span<double> x = stackalloc double[d];
        Span<double> magnitudes = stackalloc double[d];
        Span<ulong> bits = new ulong[(n + 63) / 64];
        Span<int> unclear = screen ? new int[n] : [];
        Span<int> counts = new int[units];
        var sums = new double[4 * second.Stride];
        Span<double> pre = sums.AsSpan(0, second.Stride), scale = sums.AsSpan(second.Stride, second.Stride);
        Span<double> slice = sums.AsSpan(2 * second.Stride, second.Stride), sliceScale = sums.AsSpan(3 * second.Stride, second.Stride);
        ThresholdMargin? smallest = null;
        double best = double.PositiveInfinity;
        for (int r = 0; r * d < points.Length; r++)
        {
            int sample = firstSample + r;
            for (int k = 0; k < d; k++)
            {
                x[k] = points[r * d + k];
                magnitudes[k] = Math.Abs(x[k]);
            }
            bits.Clear();
            if (screen)
            {
                int listed = layer.ScreenedBits(points.Slice(r * d, d), bits, unclear);
                for (int i = 0; i < listed; i++)
                {
                    int u = unclear[i];
                    double t = layer.PreActivation(x, u);
                    Consider(MarginTracker.Margin(t, layer.Scale(magnitudes, u)), 0, sample, u, ref smallest, ref best);
                    if (t > 0) bits[u >> 6] |= 1UL << (u & 63);
                }
            }
            else
            {
                Float64Bits(layer, x, magnitudes, sample, bits, ref smallest, ref best);
            }

            if (counted is not null) counted.Row(bits, counts, pre, scale);
            else second.Evaluate(bits, pre, scale, slice, sliceScale);
            Span<double> row = activations.Slice(r * units, units);
            for (int j = 0; j < units; j++)
            {
                if (watchSecond) Consider(MarginTracker.Margin(pre[j], scale[j]), 1, sample, j, ref smallest, ref best);
                row[j] = pre[j];
            }
            ForwardPass.Activate(secondActivation, row);
        }
        return smallest;
    }

    /// <summary>
    /// The first layer's bits at one point from the float64 sums of every unit, eight at a time, with each margin that
    /// can come before the smallest so far offered to it.
    /// </summary>
    private static void Float64Bits(NarrowLayer layer, ReadOnlySpan<double> x, ReadOnlySpan<double> magnitudes, int sample, Span<ulong> bits,
        ref ThresholdMargin? smallest, ref double best)
    {
        int n = layer.Units, u = 0;
        for (; u + 8 <= n; u += 8)
        {
            Vector512<double> t = layer.EightPreActivations(x, u);
            Vector512<double> s = layer.EightScales(magnitudes, u);
            // A lane can hold a margin <= best only if |t| <= best * s (up to rounding); NaN lanes are checked too.
            if (!Vector512.GreaterThanAll(Vector512.Abs(t), s * (best * Slack)))
                for (int lane = 0; lane < 8; lane++)
                    Consider(MarginTracker.Margin(t[lane], s[lane]), 0, sample, u + lane, ref smallest, ref best);
            bits[u >> 6] |= Vector512.GreaterThan(t, Vector512<double>.Zero).ExtractMostSignificantBits() << (u & 63);
        }
        for (; u < n; u++)
        {
            double t = layer.PreActivation(x, u);
            Consider(MarginTracker.Margin(t, layer.Scale(magnitudes, u)), 0, sample, u, ref smallest, ref best);
            if (t > 0) bits[u >> 6] |= 1UL << (u & 63);
        }
    }

    /// <summary>Keeps the margin at (layer, sample, unit) when it comes before <paramref name="smallest"/> (<see cref="MarginTracker.Precedes"/>).</summary>
    private static void Consider(double margin, int layer, int sample, int unit, ref ThresholdMargin? smallest, ref double best)
    {
        if (!MarginTracker.Precedes(margin, layer, sample, unit, smallest)) return;
        smallest = new ThresholdMargin(margin, layer, unit, sample);
        best = margin;
    }
}

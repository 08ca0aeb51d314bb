using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// The float64 pre-activations of a dense layer whose inputs are the 0/1 outputs of a threshold layer and whose
/// weights all take one nonzero value c (such as the second and output layers of the Finke construction, weights -1
/// or 1): t_u = b_u + c P_u with P_u = popcount(mask_u &amp; input bits), counted by <see cref="PopcountTile"/> instead
/// of a GEMM over stored zeros and ones. It applies only when b_u and c lie on a common grid 2^e with
/// |b_u| + n |c| &lt; 2^(53 + e): then every partial sum a GEMM can form, in any order, is an exact float64, so the
/// GEMM gives exactly b_u + c P_u, and so does this, bit for bit. The margin scale |b_u| + sum |w a| is then
/// |b_u| + |t_u - b_u|, also exact (<see cref="MarginTracker"/>).
/// </summary>
internal sealed class PopcountLayer
{
    /// <summary>Relative widening of the margin bound in the division-free test of <see cref="ThresholdTile"/>: far above the few ulps that two roundings can differ by.</summary>
    private const double Slack = 1e-12;

    /// <summary>Units per tile (a multiple of 8): their masks (16 KiB for 500 inputs) stay in L1 while each row of a chunk runs over them.</summary>
    private const int TileUnits = 256;

    /// <summary>Every unit's mask, copied out once for the popcount kernel.</summary>
    private readonly PopcountTile _masks;
    private readonly double[] _bias;
    private readonly double[] _biasMagnitudes;
    private readonly double _value;
    private readonly int _inputs;
    private readonly int _words;
    private readonly int[] _thresholds;
    private readonly double _marginFloor;

    /// <summary>The output bits of <see cref="ThresholdBits"/>, kept for the next chunk: a pass over all of MNIST would otherwise take 150 MB of fresh pages for them.</summary>
    private ulong[] _outputBits = [];

    private unsafe PopcountLayer(ulong[] masks, double[] bias, double value, int inputs, int words)
    {
        _masks = new PopcountTile(words, bias.Length, AndPopcount.Fastest(words));
        int[] units = Enumerable.Range(0, bias.Length).ToArray();
        fixed (ulong* table = masks)
        fixed (int* rows = units)
            _masks.Load(table, rows, 0, bias.Length);
        _bias = bias;
        _biasMagnitudes = Array.ConvertAll(bias, Math.Abs);
        _value = value;
        _inputs = inputs;
        _words = words;
        (_thresholds, _marginFloor) = Boundaries(bias, value, inputs);
    }

    /// <summary>
    /// For each unit the count T at which its output changes: t = b + c P &gt; 0 exactly when P &lt; T for c &lt; 0 and
    /// when P &gt; T for c &gt; 0 (P = 0 .. n; t is monotone in P and exact on the layer's grid, so T is found by
    /// evaluating t next to its root); and a lower bound on every margin |t| / (|b| + |c| P) the layer can have: the
    /// smallest |t| over the P next to the root and the ends, over the largest scale, less rounding.
    /// </summary>
    private static (int[] Thresholds, double MarginFloor) Boundaries(double[] bias, double value, int inputs)
    {
        var thresholds = new int[bias.Length];
        double floor = double.PositiveInfinity, magnitude = Math.Abs(value);
        for (int j = 0; j < bias.Length; j++)
        {
            double b = bias[j];
            bool Fires(int p) => b + value * p > 0;
            bool atZero = Fires(0);
            // The first P in 1 .. n whose output differs from P = 0's (n + 1 when none).
            int change = (int)Math.Clamp(Math.Ceiling(-b / value), 1, inputs + 1);
            while (change > 1 && Fires(change - 1) != atZero) change--;
            while (change <= inputs && Fires(change) == atZero) change++;
            thresholds[j] = value < 0 ? (atZero ? change : 0) : (atZero ? -1 : change - 1);
            double nearest = double.PositiveInfinity;
            foreach (int p in (int[])[0, change - 1, Math.Min(change, inputs), inputs])
                nearest = Math.Min(nearest, Math.Abs(b + value * p));
            floor = Math.Min(floor, nearest / (Math.Abs(b) + magnitude * inputs) * (1 - 1e-12));
        }
        return (thresholds, floor);
    }

    /// <summary>The layers of <paramref name="network"/> this evaluates (see <see cref="For"/>), null elsewhere.</summary>
    public static PopcountLayer?[] ForLayers(Network network) =>
        Enumerable.Range(0, network.Layers.Count).Select(l => For(network, l)).ToArray();

    /// <summary>
    /// Whether layer <paramref name="index"/> of <paramref name="network"/> has a popcount form: not the first layer, after
    /// a threshold layer, dense, with one nonzero weight value, and every bias on the exact grid.
    /// </summary>
    public static bool Applies(Network network, int index) => SingleValue(network, index) is not null;

    /// <summary>The popcount form of layer <paramref name="index"/>, or null when it does not apply (<see cref="Applies"/>).</summary>
    public static PopcountLayer? For(Network network, int index)
    {
        if (SingleValue(network, index) is not double value) return null;
        var layer = (DenseLayer)network.Layers[index];
        ReadOnlySpan<double> weights = layer.Weights;
        int inputs = layer.InputCount, words = (inputs + 63) / 64;
        var masks = new ulong[(long)layer.OutputCount * words];
        for (int u = 0; u < layer.OutputCount; u++)
            BitPacking.Nonzero(weights.Slice(u * inputs, inputs), masks.AsSpan(u * words, words));
        // A bias of -0 is stored as +0: b + c P is then +0 wherever it is 0, as a GEMM's sum (started from +0) gives.
        double[] bias = Array.ConvertAll(layer.Bias.ToArray(), b => b == 0 ? 0.0 : b);
        return new PopcountLayer(masks, bias, value, inputs, words);
    }

    /// <summary>c, the layer's one nonzero weight value, when the layer qualifies (see <see cref="Applies"/>); else null.</summary>
    private static double? SingleValue(Network network, int index)
    {
        if (index == 0 || network.Layers[index - 1].Activation != Activation.Threshold || network.Layers[index] is not DenseLayer layer)
            return null;
        ReadOnlySpan<double> weights = layer.Weights;
        int first = 0;
        while (first < weights.Length && weights[first] == 0) first++;
        if (first == weights.Length) return null;
        double value = weights[first];
        return ZeroOr(weights[first..], value) && OnExactGrid(value, layer.Bias, layer.InputCount) ? value : null;
    }

    /// <summary>Whether every weight is 0 or <paramref name="value"/>, eight per compare where vectors are fast (the second layer on all of MNIST has 8.5 million).</summary>
    private static bool ZeroOr(ReadOnlySpan<double> weights, double value)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> only = Vector512.Create(value);
            for (; i + 8 <= weights.Length; i += 8)
            {
                Vector512<double> w = Vector512.Create(weights.Slice(i, 8));
                if ((Vector512.Equals(w, Vector512<double>.Zero) | Vector512.Equals(w, only)).ExtractMostSignificantBits() != 0xFF) return false;
            }
        }
        for (; i < weights.Length; i++)
            if (weights[i] != 0 && weights[i] != value) return false;
        return true;
    }

    /// <summary>The units.</summary>
    public int Units => _bias.Length;

    /// <summary>The 0/1 inputs of <paramref name="rows"/> rows (exactly 0 or 1: a threshold layer's outputs) as bits.</summary>
    public ulong[] Pack(ReadOnlySpan<double> input, int rows)
    {
        var bits = new ulong[(long)rows * _words];
        for (int r = 0; r < rows; r++)
            BitPacking.Positive(input.Slice(r * _inputs, _inputs), bits.AsSpan(r * _words, _words));
        return bits;
    }

    /// <summary>pre (rows x units) = b + c popcount(mask &amp; input) for <paramref name="rows"/> rows of input bits.</summary>
    public void PreActivations(ulong[] inputBits, int rows, Span<double> pre, int threads) =>
        Evaluate(inputBits, rows, pre, [], bound: null, threads);

    /// <summary>
    /// The pre-activations b + c P and margin scales |b| + |c| P of every unit (<see cref="Units"/> values each) at one
    /// row of input bits, for a pass that goes one point at a time (<see cref="ThresholdFirstPass"/>): the values a GEMM
    /// gives, bit for bit; <paramref name="counts"/> is scratch for <see cref="Units"/> counts.
    /// </summary>
    public unsafe void Row(ReadOnlySpan<ulong> inputBits, Span<int> counts, Span<double> pre, Span<double> scale)
    {
        double magnitude = Math.Abs(_value);
        fixed (ulong* row = inputBits)
        fixed (int* products = counts)
            _masks.Products(row, 0, Units, products);
        for (int j = 0; j < Units; j++)
        {
            pre[j] = _bias[j] + _value * counts[j];
            scale[j] = _biasMagnitudes[j] + magnitude * counts[j];
        }
    }

    /// <summary>
    /// The threshold outputs H(b + c P) of <paramref name="rows"/> rows of input bits, as bits (ceil(units / 64) words
    /// per row, in the first rows of the returned array), never stored as float64; with a <paramref name="bound"/>, also
    /// the smallest margin |t| / (|b| + |c| P) at most that bound, with its row and unit (ties to the smallest row, then
    /// unit), as <see cref="MarginTracker"/> would find it (null when every margin exceeds the bound). The bits live in
    /// one array of this layer that the next call overwrites: a chunked pass reads them before it counts the next chunk.
    /// </summary>
    public (ulong[] Bits, (double Margin, int Row, int Unit)? Smallest) ThresholdBits(ulong[] inputBits, int rows, double? bound, int threads)
    {
        long length = (long)rows * ((Units + 63) / 64);
        if (_outputBits.Length < length) _outputBits = new ulong[length];
        return (_outputBits, Evaluate(inputBits, rows, [], _outputBits, bound, threads));
    }

    /// <summary>
    /// The shared pass: counts a tile of units against each row of a part of the rows; writes pre-activations or
    /// output bits; with a bound, tracks the smallest margin at most that bound. Rows are split among threads, every value computed alone,
    /// so any split gives the same results.
    /// </summary>
    private unsafe (double Margin, int Row, int Unit)? Evaluate(ulong[] inputBits, int rows, Span<double> pre, ulong[] outputBits, double? bound, int threads)
    {
        int units = Units, words = _words, outputWords = (units + 63) / 64;
        int parts = threads == 1 ? 1 : Math.Max(1, Math.Min(4 * threads, rows / 8));
        var smallest = new (double Margin, int Row, int Unit)?[parts];
        double value = _value, magnitude = Math.Abs(_value);
        // Below the layer's margin floor no margin of the layer can matter: then the bits come from integer compares alone.
        bool marginsMatter = bound is double limitGiven && limitGiven >= _marginFloor;
        bool increasing = value > 0;
        fixed (double* preValues = pre)
        {
            double* result = pre.IsEmpty ? null : preValues;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
            {
                int* counts = stackalloc int[TileUnits];
                ulong* spare = stackalloc ulong[TileUnits / 64];
                (double Margin, int Row, int Unit)? least = null;
                fixed (ulong* rowBits = inputBits, output = outputBits)
                fixed (double* bias = _bias, biasMagnitudes = _biasMagnitudes)
                fixed (int* thresholds = _thresholds)
                {
                    int firstRow = rows * part / parts, endRow = rows * (part + 1) / parts;
                    if (outputBits.Length > 0)
                        new Span<ulong>(output + (long)firstRow * outputWords, (endRow - firstRow) * outputWords).Clear();
                    for (int tile = 0; tile < units; tile += TileUnits)
                    {
                        int tileEnd = Math.Min(units, tile + TileUnits), width = tileEnd - tile;
                        if (result is null && !marginsMatter)
                        {
                            // Two rows per pass over the tile; an odd last row is paired with itself, its copy's bits dropped.
                            for (int r = firstRow; r < endRow; r += 2)
                            {
                                bool pair = r + 1 < endRow;
                                _masks.Firing2(rowBits + (long)r * words, rowBits + (long)(pair ? r + 1 : r) * words, tile, tileEnd, thresholds + tile, increasing,
                                    counts, output + (long)r * outputWords + tile / 64, pair ? output + (long)(r + 1) * outputWords + tile / 64 : spare);
                            }
                            continue;
                        }
                        for (int r = firstRow; r < endRow; r++)
                        {
                            _masks.Products(rowBits + (long)r * words, tile, tileEnd, counts);
                            if (result is not null)
                            {
                                double* values = result + (long)r * units + tile;
                                for (int j = 0; j < width; j++) values[j] = bias[tile + j] + value * counts[j];
                                continue;
                            }
                            double limit = least?.Margin ?? bound ?? double.PositiveInfinity;
                            bool mayBeSmallest = ThresholdTile(counts, width, bias + tile, biasMagnitudes + tile, value, limit, output + (long)r * outputWords + tile / 64);
                            if (bound is null || !mayBeSmallest) continue;
                            for (int j = 0; j < width; j++)
                            {
                                double margin = MarginTracker.Margin(bias[tile + j] + value * counts[j], biasMagnitudes[tile + j] + magnitude * counts[j]);
                                if (margin > limit) continue;
                                if (least is not { } current || margin < current.Margin || (margin == current.Margin && (r, tile + j).CompareTo((current.Row, current.Unit)) < 0))
                                    least = (margin, r, tile + j);
                            }
                        }
                    }
                }
                smallest[part] = least;
            });
        }
        (double Margin, int Row, int Unit)? overall = null;
        foreach (var candidate in smallest)
            if (candidate is { } c && (overall is not { } o || c.Margin < o.Margin)) overall = c;
        return overall;
    }

    /// <summary>
    /// For one row and one tile of units with counts P: sets bit j of <paramref name="outputBits"/> when
    /// t = b_j + c P_j &gt; 0, and returns whether some unit's margin |t| / (|b_j| + |c| P_j) may be at most
    /// <paramref name="bound"/> (always when the bound is infinite), by |t| &lt;= bound (1 + <see cref="Slack"/>)
    /// (|b_j| + |c| P_j), four units at a time and without a division; the slack keeps a margin that the division
    /// rounds to exactly the bound (a tie, decided by position) from being dropped by the multiplication's rounding.
    /// t is exact (the layer's grid), so the bits are the threshold outputs exactly.
    /// </summary>
    private static unsafe bool ThresholdTile(int* counts, int width, double* bias, double* biasMagnitudes, double value, double bound, ulong* outputBits)
    {
        bool any = double.IsPositiveInfinity(bound);
        double magnitude = Math.Abs(value);
        bound *= 1 + Slack;
        int j = 0;
        if (Avx2.IsSupported)
        {
            Vector256<double> c = Vector256.Create(value), cMagnitude = Vector256.Create(magnitude), limit = Vector256.Create(bound);
            Vector256<double> mayBe = Vector256<double>.Zero;
            for (; j + 4 <= width; j += 4)
            {
                Vector256<double> p = Avx.ConvertToVector256Double(Sse2.LoadVector128(counts + j));
                Vector256<double> t = Avx.LoadVector256(bias + j) + c * p;
                outputBits[j >> 6] |= (ulong)Vector256.GreaterThan(t, Vector256<double>.Zero).ExtractMostSignificantBits() << (j & 63);
                Vector256<double> scale = Avx.LoadVector256(biasMagnitudes + j) + cMagnitude * p;
                mayBe |= Vector256.LessThanOrEqual(Vector256.Abs(t), limit * scale);
            }
            any |= mayBe != Vector256<double>.Zero;
        }
        for (; j < width; j++)
        {
            double t = bias[j] + value * counts[j];
            if (t > 0) outputBits[j >> 6] |= 1UL << (j & 63);
            any |= Math.Abs(t) <= bound * (biasMagnitudes[j] + magnitude * counts[j]);
        }
        return any;
    }

    /// <summary>
    /// Whether c and every b_u are multiples of one power of two 2^e with |b_u| + n |c| &lt; 2^(53 + e), so that every
    /// sum of b_u and up to n copies of c is exact in float64.
    /// </summary>
    private static bool OnExactGrid(double value, ReadOnlySpan<double> bias, int inputs)
    {
        int grid = LowestBit(value);
        double largest = 0;
        foreach (double b in bias)
        {
            if (!double.IsFinite(b)) return false;
            if (b != 0) grid = Math.Min(grid, LowestBit(b));
            largest = Math.Max(largest, Math.Abs(b));
        }
        return largest + inputs * Math.Abs(value) < Math.ScaleB(1.0, 53 + grid);
    }

    /// <summary>The exponent of the lowest set bit of a finite nonzero double: v is an odd integer times 2^result.</summary>
    private static int LowestBit(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(v);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & ((1L << 52) - 1);
        if (exponent == 0) return -1074 + System.Numerics.BitOperations.TrailingZeroCount(mantissa);
        return exponent - 1075 + System.Numerics.BitOperations.TrailingZeroCount(mantissa | (1L << 52));
    }
}

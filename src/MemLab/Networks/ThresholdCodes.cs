using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MemLab.LinearAlgebra;
using MemLab.LinearAlgebra.Native;

namespace MemLab.Networks;

/// <summary>
/// The outputs of a wide threshold layer as bits (bit u of point x set when (W x + b)_u &gt; 0, as H(0) = 0), exactly
/// as the float64 path computes them — float64 GEMMs over fixed chunks of rows, the bias loaded into C — but mostly in
/// float32. A float32 GEMM gives every pre-activation with an error of at most
/// B = 2 (gamma_(d+2) + 2u + gamma64_(d+2)) (||w_u|| ||x|| + |b_u|), u = 2^-24 (the rounding of W and b to float32, any
/// summation order, fused or not, and the float64 path's own error), so wherever |z32| &gt; B the sign is the exact
/// one and the float64 GEMM's (the float32 products come from a GEMM, or for mostly zero inputs from <see cref="SparseFirstLayer"/>). The rest (about 0.1-0.5% of MNIST's values) are decided by a float64 dot product with
/// its own error bound, and when even that is too close to 0 the chunk is recomputed by the float64 path itself, so
/// every bit equals the float64 path's. Inputs that are scaled 8-bit integers (MNIST) are screened instead by exact
/// integer sums with their own rigorous band (<see cref="PairFirstLayer"/>) where the CPU has AVX-512 VNNI, with the
/// same rechecks. Used by the Finke construction for its codes and by
/// <see cref="ScreenedFirstPass"/> for the verification's first layer, which also asks for bounds on the float64
/// path's threshold margins (<see cref="Screen"/>).
/// </summary>
internal sealed class ThresholdCodes
{
    private readonly IBlas _blas;
    private readonly int _d, _n, _words, _chunk;
    private readonly ReadOnlyMemory<double> _weights;
    private readonly double[] _bias, _absoluteBias;
    private readonly double _factor;
    private readonly double[] _norms;
    private float[]? _weights32, _bias32, _pre32;
    private SparseFirstLayer? _sparse;
    private PairFirstLayer? _pairs;
    private double[]? _inputs, _pre;

    /// <summary>Codes for the layer W (n x d, row-major) and b, computed in chunks of <paramref name="chunk"/> rows (the float64 path's partition).</summary>
    public ThresholdCodes(IBlas blas, ReadOnlyMemory<double> weights, double[] bias, int d, int n, int chunk)
    {
        _blas = blas;
        _weights = weights;
        _bias = bias;
        _d = d;
        _n = n;
        _words = (n + 63) / 64;
        _chunk = chunk;
        _factor = Float32Bound.Factor(d);
        _norms = new double[n];
        _absoluteBias = new double[n];
        for (int u = 0; u < n; u++)
        {
            _norms[u] = Float32Bound.NormAbove(weights.Span.Slice(u * d, d));
            _absoluteBias[u] = Math.Abs(bias[u]);
        }
    }

    /// <summary>
    /// How <see cref="Screen"/> forms the float32 products: null (the default) by <see cref="SparseFirstLayer"/> for chunks
    /// of mostly zero inputs where the machine has 512-bit vectors and by the float32 GEMM otherwise; true or false forces
    /// one (true falls back to the GEMM without 512-bit vectors). Tests compare the two; the bits are the same.
    /// </summary>
    public bool? SparseProduct { get; init; }

    /// <summary>
    /// Whether <see cref="ScreenAll"/> screens by exact integer sums (<see cref="PairFirstLayer"/>) where
    /// <see cref="NativePairScreen"/> is available and the inputs are scaled 8-bit integers
    /// (<see cref="PairFirstLayer.InputScale"/>): null (the default) unless <see cref="SparseProduct"/> is false, true
    /// whenever it applies, false never. Tests compare it with the others; the bits are the same.
    /// </summary>
    public bool? PairProduct { get; init; }

    /// <summary>Whether the last <see cref="ScreenAll"/> screened by exact integer sums (<see cref="PairProduct"/>).</summary>
    public bool ScreenedByPairs { get; private set; }

    /// <summary>64-bit words per point's code: ceil(n / 64).</summary>
    public int Words => _words;

    /// <summary>How many pre-activations the last <see cref="Float32"/> decided by a float64 dot product, and how many chunks it recomputed in float64 (set only by Float32, not by ScreenAll).</summary>
    public (long Rechecked, int ChunksRecomputed) Rechecks { get; private set; }

    /// <summary>
    /// The codes of <paramref name="count"/> points: by <see cref="Float32(ReadOnlySpan{float}, int)"/> when
    /// <see cref="InRange"/>, else by the float64 path.
    /// </summary>
    public ulong[] Compute(ReadOnlySpan<float> features, int count) =>
        InRange(features[..(count * _d)]) ? Float32(features, count) : Float64(features, count);

    /// <summary>Whether the weights, biases and <paramref name="features"/> lie where the error bound holds (<see cref="Float32Bound.InRange"/>).</summary>
    public bool InRange(ReadOnlySpan<float> features) => Float32Bound.InRange(_weights.Span, _bias, features);

    /// <summary>The codes of <paramref name="count"/> points (<paramref name="features"/>, N x d) by the float32 path with exact rechecks (values in the range <see cref="InRange"/> checks).</summary>
    public ulong[] Float32(ReadOnlySpan<float> features, int count)
    {
        var codes = new ulong[(long)count * _words];
        int chunk = Math.Min(_chunk, count);
        ChunkScreen[] screens = ScreenAll(features, count, c => (codes, (long)c * chunk * _words), marginBounds: false);
        int recomputed = 0;
        for (int c = 0; c < screens.Length; c++)
        {
            if (screens[c].Exact) continue;
            recomputed++;
            Float64(features, c * chunk, Math.Min(chunk, count - c * chunk), codes);
        }
        Rechecks = (screens.Sum(s => s.Rechecked), recomputed);
        return codes;
    }

    /// <summary>
    /// <see cref="Screen"/> of every chunk of the partition of <paramref name="count"/> points (chunk c ORs its codes
    /// into <paramref name="target"/>(c), an array and the offset of the chunk's first row in it), one result per
    /// chunk. Where every chunk takes the sparse product, the parts of all chunks are spread over the threads at once,
    /// so no thread waits at the end of each chunk for the other (a part of 1s and a part of 8s differ in work); each
    /// part's result is the one <see cref="Screen"/> gives it.
    /// </summary>
    public unsafe ChunkScreen[] ScreenAll(ReadOnlySpan<float> features, int count, Func<int, (ulong[] Codes, long Offset)> target, bool marginBounds)
    {
        int chunk = Math.Min(_chunk, count), chunks = count == 0 ? 0 : (count + chunk - 1) / chunk;
        var screens = new ChunkScreen[chunks];
        double? pairScale = NativePairScreen.IsAvailable && (PairProduct ?? SparseProduct != false)
            ? PairFirstLayer.InputScale(features[..(count * _d)], _d) : null;
        ScreenedByPairs = pairScale is not null;
        bool sparse = pairScale is not null || SparseFirstLayer.Supported;
        for (int c = 0; c < chunks && sparse && pairScale is null; c++)
            sparse = SparseProduct ?? SparseFirstLayer.Worthwhile(features.Slice(c * chunk * _d, Math.Min(chunk, count - c * chunk) * _d));
        if (!sparse)
        {
            for (int c = 0; c < chunks; c++)
            {
                var (codes, offset) = target(c);
                screens[c] = Screen(features, c * chunk, Math.Min(chunk, count - c * chunk), codes, offset, marginBounds);
            }
            return screens;
        }

        double[] coefficients = [];
        if (pairScale is { } scale)
        {
            _pairs ??= new PairFirstLayer(_weights.Span, _bias, _norms, _d, _n);
            coefficients = _pairs.Coefficients(scale);
        }
        else
        {
            _sparse ??= new SparseFirstLayer(_weights.Span, _bias, _d, _n);
        }
        var firstPart = new int[chunks + 1];
        for (int c = 0; c < chunks; c++) firstPart[c + 1] = firstPart[c] + Parts(Math.Min(chunk, count - c * chunk));
        var results = new ChunkScreen[firstPart[chunks]];
        fixed (float* start = features)
        {
            float* points = start;
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = _blas.ThreadCount }, part =>
            {
                int c = Array.BinarySearch(firstPart, part);
                c = c >= 0 ? c : ~c - 1;
                int rows = Math.Min(chunk, count - c * chunk), parts = firstPart[c + 1] - firstPart[c], p = part - firstPart[c];
                var (codes, offset) = target(c);
                fixed (ulong* bits = codes)
                    results[part] = pairScale is { } scale
                        ? ScreenPairRows(points + (long)c * chunk * _d, bits + offset, rows * p / parts, rows * (p + 1) / parts, scale, coefficients, marginBounds)
                        : ScreenSparseRows(points + (long)c * chunk * _d, bits + offset, rows * p / parts, rows * (p + 1) / parts, marginBounds);
            });
        }
        for (int c = 0; c < chunks; c++) screens[c] = Combined(results.AsSpan(firstPart[c], firstPart[c + 1] - firstPart[c]));
        return screens;
    }

    /// <summary>How many parts the rows of a chunk are split into (over the backend's threads, at least 8 rows each).</summary>
    private int Parts(int rows) => Math.Max(1, Math.Min(_blas.ThreadCount, rows / 8));

    /// <summary>A chunk's result from its parts'.</summary>
    private static ChunkScreen Combined(ReadOnlySpan<ChunkScreen> parts)
    {
        bool exact = true;
        long rechecked = 0;
        double lowest = double.PositiveInfinity, upper = double.PositiveInfinity, floor = double.PositiveInfinity;
        foreach (ChunkScreen part in parts)
        {
            exact &= part.Exact;
            rechecked += part.Rechecked;
            lowest = Math.Min(lowest, part.LowestMargin);
            upper = Math.Min(upper, part.LowestUpper);
            floor = Math.Min(floor, part.Floor);
        }
        return new ChunkScreen(exact, rechecked, lowest, upper, floor);
    }

    /// <summary>
    /// ORs the codes of rows <paramref name="first"/> .. + <paramref name="rows"/> (one chunk of the float64 path's
    /// partition, values in range) into <paramref name="codes"/> from <paramref name="codesOffset"/> on (rows x <see cref="Words"/>, cleared): a float32 GEMM,
    /// (or the sparse product, <see cref="SparseProduct"/>), then a float64 dot product for every value within the bound of 0 (within twice the bound with
    /// <paramref name="marginBounds"/>, which also bounds the float64 path's threshold margin |t| / (sum |w x| + |b|) at
    /// those values; every other value's margin exceeds the returned <see cref="ChunkScreen.Floor"/>). The bound is B
    /// (see the type's summary) for the GEMM; the sparse product adds only a point's nonzero coordinates' products to
    /// the bias in float32, so its bound counts those terms instead of d (<see cref="Float32Bound.Factor(int, int)"/>),
    /// which on MNIST narrows the band about fivefold. The rows are split over the backend's threads, which changes no
    /// bit and no bound.
    /// </summary>
    public unsafe ChunkScreen Screen(ReadOnlySpan<float> features, int first, int rows, ulong[] codes, long codesOffset, bool marginBounds)
    {
        ReadOnlySpan<float> x = features.Slice(first * _d, rows * _d);
        bool sparse = SparseFirstLayer.Supported && (SparseProduct ?? SparseFirstLayer.Worthwhile(x));
        float[]? pre = null;
        if (sparse)
        {
            _sparse ??= new SparseFirstLayer(_weights.Span, _bias, _d, _n);
        }
        else
        {
            if (_weights32 is null)
            {
                ReadOnlySpan<double> weights = _weights.Span;
                _weights32 = new float[weights.Length];
                for (int i = 0; i < _weights32.Length; i++) _weights32[i] = (float)weights[i];
                _bias32 = new float[_n];
                for (int u = 0; u < _n; u++) _bias32[u] = (float)_bias[u];
                _pre32 = new float[(long)_chunk * _n];
            }
            pre = _pre32!;
            for (int r = 0; r < rows; r++) _bias32.CopyTo(pre.AsSpan(r * _n, _n));
            _blas.Sgemm(Transpose.No, Transpose.Yes, rows, _n, _d, 1f, x, _d, _weights32, _d, 1f, pre, _n);
        }

        int parts = Parts(rows);
        var results = new ChunkScreen[parts];
        fixed (float* start = x, values = pre)
        fixed (ulong* bits = codes)
        {
            float* points = start, preValues = values;
            ulong* target = bits + codesOffset;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = _blas.ThreadCount }, part =>
            {
                int from = rows * part / parts, to = rows * (part + 1) / parts;
                results[part] = sparse ? ScreenSparseRows(points, target, from, to, marginBounds) : ScreenRows(points, preValues, target, from, to, marginBounds);
            });
        }
        return Combined(results);
    }

    /// <summary>
    /// Screens rows [from, to) of a chunk from the float32 GEMM's values <paramref name="pre"/> (rows x n): see
    /// <see cref="ScreenUnits"/>; the first value even the dot product cannot decide ends the part as not exact.
    /// </summary>
    private unsafe ChunkScreen ScreenRows(float* points, float* pre, ulong* bits, int from, int to, bool marginBounds)
    {
        var tally = new RecheckTally(marginBounds);
        for (int r = from; r < to; r++)
        {
            var x = new ReadOnlySpan<float>(points + (long)r * _d, _d);
            if (!ScreenUnits(pre + (long)r * _n, 0, _n, x, Float32Bound.NormAbove(x), _factor, bits + (long)r * _words, ref tally))
                return tally.Result(exact: false);
        }
        return tally.Result(exact: true);
    }

    /// <summary>
    /// Screens rows [from, to) of a chunk by the sparse product (<see cref="SparseFirstLayer"/>): slice by slice, each
    /// row's 128 float32 values are formed into a buffer in L1 and screened there (<see cref="ScreenUnits"/>); the first
    /// value even the dot product cannot decide ends the part as not exact.
    /// </summary>
    private unsafe ChunkScreen ScreenSparseRows(float* points, ulong* bits, int from, int to, bool marginBounds)
    {
        SparseFirstLayer product = _sparse!;
        var tally = new RecheckTally(marginBounds);
        float* values = stackalloc float[SparseFirstLayer.Slice];
        using SparseRows rows = product.Compress(points, from, to);
        // Each row's float32 sums add only its nonzero coordinates' products to the bias, so its bound counts those terms.
        var factors = new double[to - from];
        for (int r = 0; r < factors.Length; r++) factors[r] = Float32Bound.Factor(rows.Starts[r + 1] - rows.Starts[r], _d);
        for (int slice = 0; slice < product.SliceCount; slice++)
        {
            int firstUnit = slice * SparseFirstLayer.Slice, units = Math.Min(SparseFirstLayer.Slice, _n - firstUnit);
            for (int r = from; r < to; r++)
            {
                product.Accumulate(rows, slice, r - from, values);
                if (!ScreenUnits(values, firstUnit, units, new ReadOnlySpan<float>(points + (long)r * _d, _d), rows.Norms[r - from], factors[r - from], bits + (long)r * _words, ref tally))
                    return tally.Result(exact: false);
            }
        }
        return tally.Result(exact: true);
    }

    /// <summary>
    /// Screens rows [from, to) of a chunk by exact integer sums (<see cref="PairFirstLayer"/>, inputs at scale
    /// <paramref name="scale"/>, the kernel's <paramref name="coefficients"/> for it): slice by slice of 64 units (one
    /// word of each code), the kernel sets the bits clear of the band and names the others, which a float64 dot product
    /// decides (<see cref="Recheck"/>); the first value even that cannot decide ends the part as not exact. With
    /// margin bounds the floor is <see cref="PairFirstLayer.MarginFloor"/>.
    /// </summary>
    private unsafe ChunkScreen ScreenPairRows(float* points, ulong* bits, int from, int to, double scale, double[] coefficients, bool marginBounds)
    {
        PairFirstLayer product = _pairs!;
        var tally = new RecheckTally(marginBounds);
        using PairRows rows = product.Compress(points, from, to, scale);
        for (int r = 0; r < to - from; r++) tally.Floor = Math.Min(tally.Floor, product.MarginFloor(rows, r));
        fixed (double* unitCoefficients = coefficients)
        {
            for (int slice = 0; slice < product.SliceCount; slice++)
            {
                int firstUnit = slice * PairFirstLayer.Slice, units = Math.Min(PairFirstLayer.Slice, _n - firstUnit);
                ulong inLayer = units == 64 ? ulong.MaxValue : (1UL << units) - 1;
                for (int r = from; r < to; r++)
                {
                    product.Screen(rows, slice, r - from, unitCoefficients, marginBounds, out ulong positive, out ulong unclear);
                    ulong* code = bits + (long)r * _words;
                    code[slice] |= positive & inLayer;
                    var x = new ReadOnlySpan<float>(points + (long)r * _d, _d);
                    for (ulong open = unclear & inLayer; open != 0; open &= open - 1)
                        if (!Recheck(x, firstUnit + BitOperations.TrailingZeroCount(open), code, ref tally))
                            return tally.Result(exact: false);
                }
            }
        }
        return tally.Result(exact: true);
    }

    /// <summary>
    /// Screens the float32 values of units <paramref name="firstUnit"/> .. + <paramref name="units"/> (a multiple of 8
    /// from) at point <paramref name="x"/> of norm at most <paramref name="norm"/>, whose float32 values have the bound
    /// <paramref name="factor"/> (||w_u|| ||x|| + |b_u|) (twice that with margin bounds): every value clear of its band sets
    /// its bit in <paramref name="code"/> at once (eight at a time with 512-bit vectors, the same float64 arithmetic
    /// per lane as one at a time), every other value is decided by a float64 dot product; false at the first value
    /// even the dot product cannot decide.
    /// </summary>
    private unsafe bool ScreenUnits(float* values, int firstUnit, int units, ReadOnlySpan<float> x, double norm, double factor, ulong* code, ref RecheckTally tally)
    {
        tally.Floor = Math.Min(tally.Floor, factor * (1 - 1e-9));
        double band = tally.MarginBounds ? 2 * factor : factor;
        int vectorEnd = Vector512.IsHardwareAccelerated ? units / 8 * 8 : 0;
        fixed (double* norms = &_norms[firstUnit], absoluteBias = &_absoluteBias[firstUnit])
        {
            Vector512<double> rowNorm = Vector512.Create(norm), bandWidth = Vector512.Create(band);
            for (int i = 0; i < vectorEnd; i += 8)
            {
                int u = firstUnit + i;
                Vector512<double> value = Avx512F.ConvertToVector512Double(Avx.LoadVector256(values + i));
                Vector512<double> limit = bandWidth * (Vector512.Load(norms + i) * rowNorm + Vector512.Load(absoluteBias + i));
                ulong clear = Vector512.GreaterThan(Vector512.Abs(value), limit).ExtractMostSignificantBits();
                ulong positive = Vector512.GreaterThan(value, Vector512<double>.Zero).ExtractMostSignificantBits();
                code[u >> 6] |= (clear & positive) << (u & 63);
                for (ulong unclear = ~clear & 0xFF; unclear != 0; unclear &= unclear - 1)
                    if (!Recheck(x, u + System.Numerics.BitOperations.TrailingZeroCount(unclear), code, ref tally))
                        return false;
            }
            for (int i = vectorEnd; i < units; i++)
            {
                int u = firstUnit + i;
                double value = values[i];
                if (Math.Abs(value) > band * (norms[i] * norm + absoluteBias[i]))
                {
                    if (value > 0) code[u >> 6] |= 1UL << (u & 63);
                }
                else if (!Recheck(x, u, code, ref tally))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>What the rechecks of one part found: how many, and with margin bounds the lowest bounds.</summary>
    private struct RecheckTally(bool marginBounds)
    {
        public readonly bool MarginBounds = marginBounds;
        public long Count;
        public double Lowest = double.PositiveInfinity, LowestUpper = double.PositiveInfinity, Floor = double.PositiveInfinity;

        public readonly ChunkScreen Result(bool exact) => new(exact, Count, Lowest, LowestUpper, Floor);
    }

    /// <summary>Decides unit <paramref name="u"/> at point <paramref name="x"/> by a float64 dot product, setting its bit when positive; false when even that cannot tell the sign.</summary>
    private unsafe bool Recheck(ReadOnlySpan<float> x, int u, ulong* code, ref RecheckTally tally)
    {
        tally.Count++;
        var (sum, magnitude) = Dot(x, u);
        double error = 2 * Float32Bound.Gamma(_d + 2, Float32Bound.Unit64) * magnitude * (1 + 4 * Float32Bound.Unit64);
        if (tally.MarginBounds)
        {
            var (low, high) = MarginInterval(sum, magnitude, error);
            tally.Lowest = Math.Min(tally.Lowest, low);
            tally.LowestUpper = Math.Min(tally.LowestUpper, high);
        }
        if (Math.Abs(sum) <= 2 * error) return false;
        if (sum > 0) code[u >> 6] |= 1UL << (u & 63);
        return true;
    }

    /// <summary>
    /// Bounds on the float64 path's margin Margin(t64, s64) = |t64| / s64 at a value whose sequential dot product gave
    /// <paramref name="sum"/> and <paramref name="magnitude"/> = sum |w x| + |b|: t64 and the dot product each lie
    /// within gamma_(d+2) s of the exact t (together <paramref name="error"/>), s64 and the magnitude within gamma_(d+2)
    /// of the exact s, and the division rounds once; the factor 1 -/+ 1e-9 covers all of it many times over. A zero
    /// magnitude means every term is exactly 0 (no product underflows in range), so the path's scale is 0 and so is
    /// its margin.
    /// </summary>
    private static (double Low, double High) MarginInterval(double sum, double magnitude, double error)
    {
        if (magnitude == 0) return (0, 0);
        double low = Math.Max(0, Math.Abs(sum) - 2 * error) / magnitude * (1 - 1e-9);
        double high = (Math.Abs(sum) + 2 * error) / magnitude * (1 + 1e-9);
        return (low, high);
    }

    /// <summary>The float64 path for rows <paramref name="first"/> .. + <paramref name="rows"/>: one chunk's GEMM with the bias loaded into C, its bits written over <paramref name="codes"/>.</summary>
    public void Float64(ReadOnlySpan<float> features, int first, int rows, ulong[] codes)
    {
        _inputs ??= new double[(long)_chunk * _d];
        _pre ??= new double[(long)_chunk * _n];
        for (int j = 0; j < rows * _d; j++) _inputs[j] = features[first * _d + j];
        for (int r = 0; r < rows; r++) _bias.CopyTo(_pre.AsSpan(r * _n, _n));
        _blas.Dgemm(Transpose.No, Transpose.Yes, rows, _n, _d, 1.0, _inputs, _d, _weights.Span, _d, 1.0, _pre, _n);
        for (int r = 0; r < rows; r++)
        {
            Span<ulong> code = codes.AsSpan((first + r) * _words, _words);
            code.Clear();
            BitPacking.Positive(_pre.AsSpan(r * _n, _n), code);
        }
    }

    /// <summary>The codes of every point by the float64 path alone (the reference the float32 path must equal).</summary>
    public ulong[] Float64(ReadOnlySpan<float> features, int count)
    {
        var codes = new ulong[(long)count * _words];
        int chunk = Math.Min(_chunk, count);
        for (int first = 0; first < count; first += chunk) Float64(features, first, Math.Min(chunk, count - first), codes);
        return codes;
    }

    /// <summary>
    /// w_u . x + b_u by a float64 dot product, and sum |w x| + |b|: eight lanes of partial sums where the machine has
    /// 512-bit vectors (a sequential sum's chain of dependent additions made the rechecks a tenth of a build on MNIST
    /// at n = 5000), then the lanes, the tail and the bias. Its error, like the float64 GEMM's, is at most
    /// gamma_(d+2) times the exact magnitude in any order of summation, so when |sum| exceeds twice that (the
    /// caller's test) its sign is the exact one and the GEMM's.
    /// </summary>
    private (double Sum, double Magnitude) Dot(ReadOnlySpan<float> x, int u)
    {
        ReadOnlySpan<double> w = _weights.Span.Slice(u * _d, _d);
        double sum = 0, magnitude = 0;
        int k = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            Vector512<double> sums = Vector512<double>.Zero, magnitudes = Vector512<double>.Zero;
            for (; k + 8 <= _d; k += 8)
            {
                Vector512<double> terms = Vector512.Create(w.Slice(k, 8)) * Avx512F.ConvertToVector512Double(Vector256.Create(x.Slice(k, 8)));
                sums += terms;
                magnitudes += Vector512.Abs(terms);
            }
            sum = Vector512.Sum(sums);
            magnitude = Vector512.Sum(magnitudes);
        }
        for (; k < _d; k++)
        {
            double term = w[k] * x[k];
            sum += term;
            magnitude += Math.Abs(term);
        }
        return (sum + _bias[u], magnitude + Math.Abs(_bias[u]));
    }
}

using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MemLab.LinearAlgebra;
using MemLab.LinearAlgebra.Native;

namespace MemLab.Networks;

/// <summary>
/// An integer screen of a dense threshold layer's pre-activations z = W x + b on inputs x &gt;= 0 that are, up to
/// rounding, multiples c p of 8-bit integers p (MNIST's pixels scaled), for <see cref="ThresholdCodes"/> in place of its
/// float32 product: each unit's weights are quantized, w_k = q m_k + r_k with m_k an int16 and |r_k| &lt;= R, the inputs
/// x_k = c p_k + e_k, and the exact integer sum S = sum m_k p_k (two inputs per VPDPWSSD lane, native/pairs.c) gives
/// z' = q c S + b. Expanding, |z' - z| &lt;= (max|w| + 2R) E1 + R c P1 with E1 = sum |e_k| and P1 = sum p_k, plus the
/// rounding of z', and the float64 path's own value lies within gamma_(d+2) (||w|| ||x|| + |b|) of z; the band
/// <see cref="Band"/> covers all of it, so wherever |z'| exceeds it the sign is the exact one and the float64 path's.
/// On MNIST the band is as narrow as the float32 screen's and the kernel does a third of its work (pairs of pixels
/// where either is nonzero, 64 units per slice, which stays in L2). Used only where <see cref="NativePairScreen"/> is
/// available; <see cref="ThresholdCodes"/> falls back to the float32 screen otherwise.
/// </summary>
internal sealed unsafe class PairFirstLayer
{
    /// <summary>Units per slice: one 64-bit word of a code.</summary>
    public const int Slice = 64;

    /// <summary>Per-unit coefficients of a slice passed to the kernel: qc, b, a = max|w| + 2R, R, ||w|| (rounded up), |b|.</summary>
    private const int CoefficientCount = 6;

    private const int LargestWeight = short.MaxValue;

    private readonly CacheAlignedArray<short> _weights;
    private readonly double[] _scales, _coefficients;
    private readonly int _pairs;
    private readonly double _lowestResidual, _largestNorm, _largestBias;

    /// <param name="weights">W, n x d row-major.</param>
    /// <param name="bias">b, n values.</param>
    /// <param name="norms">||w_u|| rounded up (<see cref="Float32Bound.NormAbove"/>), n values.</param>
    /// <param name="d">Inputs.</param>
    /// <param name="n">Units.</param>
    public PairFirstLayer(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> norms, int d, int n)
    {
        Inputs = d;
        FloatTerm = 2 * Float32Bound.Gamma(d + 2, Float32Bound.Unit64) + Math.ScaleB(1, -49);
        _pairs = (d + 1) / 2;
        SliceCount = (n + Slice - 1) / Slice;
        long length = (long)SliceCount * _pairs * 2 * Slice;
        // Started at a 64-byte boundary, for the kernel's aligned 512-bit loads.
        _weights = new CacheAlignedArray<short>(checked((int)length));
        _scales = new double[SliceCount * Slice];
        _coefficients = new double[SliceCount * CoefficientCount * Slice];
        var m = new double[d];
        for (int u = 0; u < n; u++)
        {
            ReadOnlySpan<double> w = weights.Slice(u * d, d);
            var (q, residual) = Quantize(w, m);
            double largest = Math.Abs(TensorPrimitives.MaxMagnitude(w));
            int s = u / Slice, lane = u % Slice;
            Span<short> slice = _weights.Span.Slice(s * _pairs * 2 * Slice, _pairs * 2 * Slice);
            for (int k = 0; k < d; k++) slice[(k >> 1) * 2 * Slice + 2 * lane + (k & 1)] = (short)m[k];
            _scales[u] = q;
            Span<double> c = _coefficients.AsSpan(s * CoefficientCount * Slice, CoefficientCount * Slice);
            c[Slice + lane] = bias[u];
            c[2 * Slice + lane] = (largest + 2 * residual) * (1 + Float32Bound.Unit64 * 8);
            c[3 * Slice + lane] = residual;
            c[4 * Slice + lane] = norms[u];
            c[5 * Slice + lane] = Math.Abs(bias[u]);
        }
        // Units past n (a partial last slice) keep zero weights and coefficients; the caller ignores their bits.
        _lowestResidual = double.PositiveInfinity;
        for (int u = 0; u < n; u++)
        {
            ReadOnlySpan<double> c = _coefficients.AsSpan(u / Slice * CoefficientCount * Slice + u % Slice);
            _lowestResidual = Math.Min(_lowestResidual, c[3 * Slice]);
            _largestNorm = Math.Max(_largestNorm, c[4 * Slice]);
            _largestBias = Math.Max(_largestBias, c[5 * Slice]);
        }
    }

    /// <summary>Inputs d.</summary>
    public int Inputs { get; }

    /// <summary>Slices of <see cref="Slice"/> units; the last one may be partial.</summary>
    public int SliceCount { get; }

    /// <summary>
    /// m = round(w / q) with q = max|w| / 32767 (made larger until 255 sum |m| &lt; 2^31, so no sum over inputs of at
    /// most 255 overflows an int32), divided as w times 1 / q (any integer m would do: the bound uses the m chosen), and R = max |w - q m| rounded up: the fused multiply-add gives w - q m rounded once.
    /// </summary>
    private static (double Scale, double Residual) Quantize(ReadOnlySpan<double> w, Span<double> m)
    {
        double largest = Math.Abs(TensorPrimitives.MaxMagnitude(w));
        if (largest == 0)
        {
            m.Clear();
            return (1, 0);
        }
        double q = largest / LargestWeight;
        while (true)
        {
            // Four at a time (the same arithmetic per lane as one at a time): integers below 2^53 sum exactly.
            Vector256<double> inverse = Vector256.Create(1 / q), top = Vector256.Create((double)LargestWeight);
            Vector256<double> sums = Vector256<double>.Zero;
            int k = 0;
            for (; k + 4 <= w.Length; k += 4)
            {
                Vector256<double> rounded = Vector256.Round(Vector256.Create(w.Slice(k, 4)) * inverse);
                rounded = Vector256.Min(Vector256.Max(rounded, -top), top);
                rounded.CopyTo(m.Slice(k, 4));
                sums += Vector256.Abs(rounded);
            }
            double absoluteSum = Vector256.Sum(sums);
            for (; k < w.Length; k++)
            {
                m[k] = Math.Clamp(Math.Round(w[k] / q), -LargestWeight, LargestWeight);
                absoluteSum += Math.Abs(m[k]);
            }
            if (absoluteSum * 255 < int.MaxValue) break;
            q *= 1.0 + 1.0 / 64;
        }
        Vector256<double> residuals = Vector256<double>.Zero, scale = Vector256.Create(-q);
        int i = 0;
        for (; i + 4 <= w.Length; i += 4)
            residuals = Vector256.Max(residuals, Vector256.Abs(Vector256.FusedMultiplyAdd(scale, Vector256.Create(m.Slice(i, 4)), Vector256.Create(w.Slice(i, 4)))));
        double residual = Math.Max(Math.Max(residuals[0], residuals[1]), Math.Max(residuals[2], residuals[3]));
        for (; i < w.Length; i++) residual = Math.Max(residual, Math.Abs(Math.FusedMultiplyAdd(-q, m[i], w[i])));
        return (q, residual * (1 + 2 * Float32Bound.Unit64));
    }

    /// <summary>
    /// The input scale c for <paramref name="features"/> (N x d): the largest coordinate / 255, when every coordinate is
    /// at least 0 and the first rows' coordinates are within 2^-10 of multiples of c (inputs that were 8-bit integers);
    /// null otherwise (the float32 screen is then the better one; the bound would hold, but too many values would fall
    /// in its band).
    /// </summary>
    public static double? InputScale(ReadOnlySpan<float> features, int d)
    {
        if (features.IsEmpty) return null;
        float lowest = float.PositiveInfinity, highest = float.NegativeInfinity;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> low = Vector512.Create(lowest), high = Vector512.Create(highest);
            for (; i + 16 <= features.Length; i += 16)
            {
                Vector512<float> x = Vector512.Create(features.Slice(i, 16));
                low = Vector512.Min(low, x);
                high = Vector512.Max(high, x);
            }
            for (int lane = 0; lane < 16; lane++)
            {
                lowest = Math.Min(lowest, low[lane]);
                highest = Math.Max(highest, high[lane]);
            }
        }
        for (; i < features.Length; i++)
        {
            lowest = Math.Min(lowest, features[i]);
            highest = Math.Max(highest, features[i]);
        }
        if (!(lowest >= 0) || !(highest > 0) || float.IsInfinity(highest)) return null;
        double c = highest / 255.0;
        foreach (float x in features[..Math.Min(features.Length, 64 * d)])
            if (Math.Abs(x / c - Math.Round(x / c)) > 1.0 / 1024) return null;
        return c;
    }

    /// <summary>The kernel's per-unit coefficients for input scale <paramref name="c"/>: the template with qc_u = q_u c.</summary>
    public double[] Coefficients(double c)
    {
        var all = (double[])_coefficients.Clone();
        for (int u = 0; u < _scales.Length; u++) all[u / Slice * CoefficientCount * Slice + u % Slice] = _scales[u] * c;
        return all;
    }

    /// <summary>
    /// The error band's float64 term per unit magnitude, G = 2 gamma_(d+2) + 2^-49: the float64 path's error (counted
    /// twice, as <see cref="Float32Bound"/> does) and the rounding of z' (at most about 2^-52 of ||w|| ||x|| + |b| + the
    /// quantization error, which the band's widening by 1 + 2^-30 covers).
    /// </summary>
    public double FloatTerm { get; }

    /// <summary>The band's widening: 1 + 2^-30 over the rounding of its own computation, twice that with margin bounds.</summary>
    public static double Band(bool marginBounds) => (marginBounds ? 2 : 1) * (1 + Math.ScaleB(1, -30));

    /// <summary>Quantizes rows <paramref name="from"/> .. <paramref name="to"/> - 1 of <paramref name="points"/> at scale <paramref name="c"/>.</summary>
    public PairRows Compress(float* points, int from, int to, double c) => new(points, from, to, Inputs, c);

    /// <summary>
    /// Screens row <paramref name="row"/> of <paramref name="rows"/> against slice <paramref name="slice"/>: the bits of
    /// its 64 units that are clearly positive, and those the band leaves unclear (see native/pairs.c).
    /// </summary>
    public void Screen(PairRows rows, int slice, int row, double* coefficients, bool marginBounds, out ulong positive, out ulong unclear)
    {
        ulong on, open;
        fixed (short* weights = &_weights.Span[slice * _pairs * 2 * Slice])
        fixed (int* pairs = rows.Pairs, values = rows.Values)
        {
            int start = rows.Starts[row];
            NativePairScreen.Screen(weights, pairs + start, values + start, rows.Starts[row + 1] - start,
                coefficients + slice * CoefficientCount * Slice, rows.InputError[row], rows.Mass[row], rows.Norms[row], FloatTerm,
                Band(marginBounds), &on, &open);
        }
        positive = on;
        unclear = open;
    }

    /// <summary>
    /// A lower bound on the float64 path's threshold margin |t| / (sum |w x| + |b|) at every value of row
    /// <paramref name="row"/> that <see cref="Screen"/> with margin bounds leaves clear: there |t| exceeds the band,
    /// which is at least R_u c P1, and the magnitude is at most ||w_u|| ||x|| + |b_u|.
    /// </summary>
    public double MarginFloor(PairRows rows, int row) =>
        rows.Mass[row] * _lowestResidual / (_largestNorm * rows.Norms[row] + _largestBias) * (1 - 1e-9);
}

using System.Numerics;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// The first-layer codes of a wide threshold layer (bit u of point x set when (W x + b)_u &gt; 0, as H(0) = 0),
/// exactly as the float64 path computes them — float64 GEMMs over fixed chunks of rows, the bias loaded into C — but
/// mostly in float32. A float32 GEMM gives every pre-activation with an error of at most
/// B = 2 (gamma_(d+2) + 2u + gamma64_(d+2)) (||w_u|| ||x|| + |b_u|), u = 2^-24 (the rounding of W and b to float32, any
/// summation order, fused or not, and the float64 path's own error), so wherever |z32| &gt; B the sign is the exact
/// one and the float64 GEMM's. The rest (about 0.1-0.5% of MNIST's values) are decided by a float64 dot product with
/// its own error bound, and when even that is too close to 0 the chunk is recomputed by the float64 path itself, so
/// every bit equals the float64 path's.
/// </summary>
internal sealed class ThresholdCodes
{
    private const double Unit32 = 1.0 / (1 << 24);
    private const double Unit64 = 1.0 / (1L << 53);

    private readonly IBlas _blas;
    private readonly int _d, _n, _words, _chunk;
    private readonly double[] _weights, _bias;
    private readonly double _factor;
    private readonly double[] _norms;
    private double[]? _inputs, _pre;

    /// <summary>Codes for the layer W (n x d, row-major) and b, computed in chunks of <paramref name="chunk"/> rows (the float64 path's partition).</summary>
    public ThresholdCodes(IBlas blas, double[] weights, double[] bias, int d, int n, int chunk)
    {
        _blas = blas;
        _weights = weights;
        _bias = bias;
        _d = d;
        _n = n;
        _words = (n + 63) / 64;
        _chunk = chunk;
        _factor = 2 * (Gamma(d + 2, Unit32) + 2 * Unit32 + Gamma(d + 2, Unit64));
        _norms = new double[n];
        for (int u = 0; u < n; u++)
        {
            double sum = 0;
            foreach (double w in weights.AsSpan(u * d, d)) sum += w * w;
            _norms[u] = Math.Sqrt(sum) * (1 + 4 * Unit64);
        }
    }

    /// <summary>How many pre-activations the last <see cref="Float32"/> decided by a float64 dot product, and how many chunks it recomputed in float64.</summary>
    public (long Rechecked, int ChunksRecomputed) Rechecks { get; private set; }

    /// <summary>
    /// The codes of <paramref name="count"/> points: by <see cref="Float32(ReadOnlySpan{float}, int)"/> when every
    /// nonzero weight and coordinate lies in [2^-40, 2^40] and every bias below 2^40 in magnitude (so no float32 product
    /// or weight underflows or overflows and the error bound holds), else by the float64 path.
    /// </summary>
    public ulong[] Compute(ReadOnlySpan<float> features, int count) =>
        InRange<double>(_weights) && InRange<double>(_bias) && InRange(features[..(count * _d)]) ? Float32(features, count) : Float64(features, count);

    private static bool InRange<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        T low = T.CreateChecked(1.0 / (1L << 40)), high = T.CreateChecked((double)(1L << 40));
        foreach (T value in values)
        {
            T magnitude = T.Abs(value);
            if (!(magnitude <= high) || (magnitude != T.Zero && magnitude < low)) return false;
        }
        return true;
    }

    /// <summary>The codes of <paramref name="count"/> points (<paramref name="features"/>, N x d) by the float32 path with exact rechecks (values in the range <see cref="Compute"/> checks).</summary>
    public ulong[] Float32(ReadOnlySpan<float> features, int count)
    {
        var codes = new ulong[(long)count * _words];
        var weights32 = new float[_weights.Length];
        for (int i = 0; i < weights32.Length; i++) weights32[i] = (float)_weights[i];
        var bias32 = new float[_n];
        for (int u = 0; u < _n; u++) bias32[u] = (float)_bias[u];
        int chunk = Math.Min(_chunk, count);
        var pre = new float[(long)chunk * _n];
        long rechecked = 0;
        int recomputed = 0;
        for (int first = 0; first < count; first += chunk)
        {
            int rows = Math.Min(chunk, count - first);
            for (int r = 0; r < rows; r++) bias32.CopyTo(pre.AsSpan(r * _n, _n));
            _blas.Sgemm(Transpose.No, Transpose.Yes, rows, _n, _d, 1f, features.Slice(first * _d, rows * _d), _d, weights32, _d, 1f, pre, _n);
            bool exact = true;
            for (int r = 0; r < rows && exact; r++)
            {
                ReadOnlySpan<float> x = features.Slice((first + r) * _d, _d);
                double norm = 0;
                foreach (float v in x) norm += (double)v * v;
                norm = Math.Sqrt(norm) * (1 + 4 * Unit64);
                Span<ulong> code = codes.AsSpan((first + r) * _words, _words);
                ReadOnlySpan<float> row = pre.AsSpan(r * _n, _n);
                for (int u = 0; u < _n; u++)
                {
                    double value = row[u];
                    double bound = _factor * (_norms[u] * norm + Math.Abs(_bias[u]));
                    bool positive;
                    if (Math.Abs(value) > bound)
                    {
                        positive = value > 0;
                    }
                    else
                    {
                        rechecked++;
                        if (Dot(x, u) is not { } sure)
                        {
                            exact = false;
                            break;
                        }
                        positive = sure;
                    }
                    if (positive) code[u >> 6] |= 1UL << (u & 63);
                }
            }
            if (!exact)
            {
                recomputed++;
                Float64(features, first, rows, codes);
            }
        }
        Rechecks = (rechecked, recomputed);
        return codes;
    }

    /// <summary>The float64 path for rows <paramref name="first"/> .. + <paramref name="rows"/>: one chunk's GEMM with the bias loaded into C, its bits written over <paramref name="codes"/>.</summary>
    public void Float64(ReadOnlySpan<float> features, int first, int rows, ulong[] codes)
    {
        _inputs ??= new double[(long)_chunk * _d];
        _pre ??= new double[(long)_chunk * _n];
        for (int j = 0; j < rows * _d; j++) _inputs[j] = features[first * _d + j];
        for (int r = 0; r < rows; r++) _bias.CopyTo(_pre.AsSpan(r * _n, _n));
        _blas.Dgemm(Transpose.No, Transpose.Yes, rows, _n, _d, 1.0, _inputs, _d, _weights, _d, 1.0, _pre, _n);
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
    /// The sign of w_u . x + b_u from a sequential float64 dot product, when its error bound gamma_(d+1) (sum |w x| + |b|)
    /// — and the float64 GEMM's, of the same size — cannot reach 0; null when it can.
    /// </summary>
    private bool? Dot(ReadOnlySpan<float> x, int u)
    {
        ReadOnlySpan<double> w = _weights.AsSpan(u * _d, _d);
        double sum = _bias[u], magnitude = Math.Abs(_bias[u]);
        for (int k = 0; k < _d; k++)
        {
            double term = w[k] * x[k];
            sum += term;
            magnitude += Math.Abs(term);
        }
        double bound = 2 * Gamma(_d + 2, Unit64) * magnitude * (1 + 4 * Unit64);
        return Math.Abs(sum) > 2 * bound ? sum > 0 : null;
    }

    private static double Gamma(int m, double unit) => m * unit / (1 - m * unit);
}

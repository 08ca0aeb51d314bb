using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MemLab.Networks;

/// <summary>
/// A dense layer with few inputs, evaluated one point at a time by a plain loop across its units instead of a GEMM.
/// With d = 2 inputs a GEMM spends its time storing and reloading every pre-activation; this loop keeps each one in a
/// register, eight units per 512-bit vector. Sums run in the order the managed GEMM uses (k up to 256):
/// t = x_0 w_0 + x_1 w_1 + ... + x_(d-1) w_(d-1), products rounded before each addition (no fused multiply-add),
/// then t + b; the margin scale |x_0| |w_0| + ... + |b| likewise. So the values equal the managed backend's bit for
/// bit; OpenBLAS's fused multiply-add kernels can round the last bit differently. For threshold layers the signs
/// alone can come from <see cref="ScreenedBits"/>: sixteen float32 values per vector, screened by the rigorous bound
/// of <see cref="Float32Bound"/>, the few values near 0 left to the caller to decide by the float64 sum.
/// </summary>
internal sealed class NarrowLayer
{
    /// <summary>The most inputs for which the loop beats a GEMM (<see cref="Verification"/> and the Finke construction switch at it).</summary>
    public const int MaxInputs = 16;

    /// <summary>Units per float32 vector in <see cref="ScreenedBits"/>.</summary>
    private const int Lanes32 = 16;

    /// <summary>Rounds the band up before it goes to float32, covering the roundings of its own evaluation.</summary>
    private const double RoundUp = 1 + 1.0 / (1 << 20);

    private readonly TransposedWeights _sums;
    private readonly int _padded;
    private readonly float[] _weights32;
    private readonly float[] _bias32;
    private readonly double _normBand;
    private readonly double _biasBand;

    /// <summary>The loop for <paramref name="layer"/>: its weights transposed to d rows of n (one row per input), and their magnitudes.</summary>
    public NarrowLayer(DenseLayer layer)
    {
        _sums = TransposedWeights.Of(layer, layer.OutputCount);
        Inputs = layer.InputCount;
        Units = layer.OutputCount;

        // The float32 screen: weights and biases rounded to float32, zero-padded to whole vectors, and one band per
        // point, 2 Factor (max_u ||w_u|| ||x|| + max_u |b_u|), at least 2 B for every unit (values that near 0 are rare,
        // so a band per unit would save few rechecks and cost two loads and a multiply-add per vector).
        _padded = (Units + Lanes32 - 1) / Lanes32 * Lanes32;
        _weights32 = new float[(long)Inputs * _padded];
        for (int k = 0; k < Inputs; k++)
            for (int u = 0; u < Units; u++)
                _weights32[(long)k * _padded + u] = (float)_sums.Weights[(long)k * Units + u];
        _bias32 = new float[_padded];
        double band = 2 * Float32Bound.Factor(Inputs), largestNorm = 0, largestBias = 0;
        ReadOnlySpan<double> weights = layer.Weights;
        for (int u = 0; u < Units; u++)
        {
            _bias32[u] = (float)_sums.Bias[u];
            largestNorm = Math.Max(largestNorm, Float32Bound.NormAbove(weights.Slice(u * Inputs, Inputs)));
            largestBias = Math.Max(largestBias, _sums.BiasMagnitudes[u]);
        }
        _normBand = band * largestNorm;
        _biasBand = band * largestBias;
        ScreenFloor = Float32Bound.Factor(Inputs) * (1 - 1e-9);
    }

    /// <summary>d, the number of inputs.</summary>
    public int Inputs { get; }

    /// <summary>n, the number of units.</summary>
    public int Units { get; }

    /// <summary>
    /// Every threshold margin |t| / scale of the float64 sums at a value that <see cref="ScreenedBits"/> leaves decided
    /// (not listed as unclear) is above this: such a value has |z32| &gt; 2 B, so |t| &gt; B and the margin exceeds the
    /// bound's factor, less rounding.
    /// </summary>
    public double ScreenFloor { get; }

    /// <summary>
    /// The pre-activations of units u to u + 7 in 512-bit vectors (units not checked; in software where the machine has
    /// no 512-bit vectors), each lane summed exactly as <see cref="PreActivation"/> sums it.
    /// </summary>
    public Vector512<double> EightPreActivations(ReadOnlySpan<double> x, int u) => Sum8(_sums.Weights, _sums.Bias, x, u);

    /// <summary>The margin scales |W| |x| + |b| of units u to u + 7, as <see cref="Scale"/> sums them; <paramref name="magnitudes"/> is |x|.</summary>
    public Vector512<double> EightScales(ReadOnlySpan<double> magnitudes, int u) => Sum8(_sums.Magnitudes, _sums.BiasMagnitudes, magnitudes, u);

    /// <summary>The pre-activation of unit <paramref name="u"/> alone, summed in the managed GEMM's order.</summary>
    public double PreActivation(ReadOnlySpan<double> x, int u) => Sum1(_sums.Weights, _sums.Bias, x, u);

    /// <summary>The margin scale of unit <paramref name="u"/> alone; <paramref name="magnitudes"/> is |x|.</summary>
    public double Scale(ReadOnlySpan<double> magnitudes, int u) => Sum1(_sums.Magnitudes, _sums.BiasMagnitudes, magnitudes, u);

    /// <summary>Every unit's pre-activation at <paramref name="x"/> into <paramref name="pre"/> (<see cref="Units"/> values).</summary>
    public void PreActivations(ReadOnlySpan<double> x, Span<double> pre)
    {
        int u = 0;
        for (; u + 8 <= Units; u += 8)
            EightPreActivations(x, u).CopyTo(pre[u..]);
        for (; u < Units; u++)
            pre[u] = PreActivation(x, u);
    }

    /// <summary>
    /// ORs into <paramref name="code"/> (ceil(n / 64) words, cleared by the caller) bit u for every unit whose float32
    /// value W x + b is clearly positive, and lists in <paramref name="unclear"/> (room for <see cref="Units"/>) the
    /// units whose float32 value lies within the point's band of 0, at least 2 B for every unit (<see cref="Float32Bound"/>); returns how many. Every unit not
    /// listed has the float64 sum's sign (a listed unit's bit is left 0: the caller decides it by
    /// <see cref="PreActivation"/>). The weights, biases and <paramref name="x"/> must be in
    /// <see cref="Float32Bound.InRange"/>'s range; sixteen units per vector (in software where the machine has no
    /// 512-bit vectors).
    /// </summary>
    public unsafe int ScreenedBits(ReadOnlySpan<float> x, Span<ulong> code, Span<int> unclear)
    {
        int inputs = Inputs, units = Units, padded = _padded, count = 0;
        var limit = Vector512.Create((float)((_normBand * Float32Bound.NormAbove(x) + _biasBand) * RoundUp));
        fixed (float* coordinates = x, weights = _weights32, bias = _bias32)
        fixed (ulong* bits = code)
        fixed (int* listed = unclear)
        {
            for (int u = 0; u < padded; u += Lanes32)
            {
                Vector512<float> t = Vector512.Load(bias + u);
                for (int k = 0; k < inputs; k++)
                    t = Vector512.FusedMultiplyAdd(Vector512.Load(weights + (long)k * padded + u), Vector512.Create(coordinates[k]), t);
                ulong valid = u + Lanes32 <= units ? 0xFFFF : (1UL << (units - u)) - 1;
                ulong positive = Vector512.GreaterThan(t, limit).ExtractMostSignificantBits() & valid;
                ulong negative = Vector512.LessThan(t, -limit).ExtractMostSignificantBits();
                bits[u >> 6] |= positive << (u & 63);
                for (ulong rest = valid & ~(positive | negative); rest != 0; rest &= rest - 1)
                    listed[count++] = u + BitOperations.TrailingZeroCount(rest);
            }
        }
        return count;
    }

    /// <summary>The eight-lane sum in the managed GEMM's order (.NET's Vector&lt;T&gt; stays 256 bits wide on AVX-512 machines).</summary>
    private Vector512<double> Sum8(double[] weights, double[] bias, ReadOnlySpan<double> x, int u)
    {
        ref double w = ref MemoryMarshal.GetArrayDataReference(weights);
        nuint n = (nuint)Units, at = (nuint)u;
        Vector512<double> sum = Vector512.LoadUnsafe(ref w, at) * x[0];
        for (int k = 1; k < x.Length; k++)
            sum += Vector512.LoadUnsafe(ref w, (nuint)k * n + at) * x[k];
        return sum + Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(bias), at);
    }

    private double Sum1(double[] weights, double[] bias, ReadOnlySpan<double> x, int u)
    {
        int n = Units;
        double sum = weights[u] * x[0];
        for (int k = 1; k < x.Length; k++)
            sum += weights[k * n + u] * x[k];
        return sum + bias[u];
    }
}

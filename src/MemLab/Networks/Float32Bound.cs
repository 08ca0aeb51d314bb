using System.Numerics;
using System.Runtime.Intrinsics;

namespace MemLab.Networks;

/// <summary>
/// The rigorous error bound that lets a float32 pre-activation stand in for the float64 path's sign. With W and b
/// rounded to float32 and the sum formed in float32 (any order, fused or not), and the float64 path's own rounding,
/// the two values differ from the exact w . x + b by at most
/// B = <see cref="Factor(int)"/>(d) (||w|| ||x|| + |b|), where Factor(d) = 2 (gamma32_(d+2) + 2 u32 + gamma64_(d+2)) is
/// twice the sum of the standard bounds (Higham, "Accuracy and Stability of Numerical Algorithms", 2002, section 3.1).
/// Wherever |z32| &gt; B the sign is the exact one and the float64 path's. Used by <see cref="ThresholdCodes"/>
/// (wide layers) and <see cref="NarrowLayer"/> (layers with few inputs).
/// </summary>
internal static class Float32Bound
{
    /// <summary>u32 = 2^-24, float32's unit roundoff.</summary>
    public const double Unit32 = 1.0 / (1 << 24);

    /// <summary>u64 = 2^-53, float64's unit roundoff.</summary>
    public const double Unit64 = 1.0 / (1L << 53);

    /// <summary>The bound's factor for <paramref name="inputs"/> inputs (see the type's summary).</summary>
    public static double Factor(int inputs) => Factor(inputs, inputs);

    /// <summary>
    /// The bound's factor when the float32 sum adds only <paramref name="float32Terms"/> products to the bias (a sparse
    /// product skips the zero coordinates, whose products add nothing and round nothing) while the float64 path sums
    /// <paramref name="float64Terms"/>: 2 (gamma32_(float32Terms+2) + 2 u32 + gamma64_(float64Terms+2)).
    /// </summary>
    public static double Factor(int float32Terms, int float64Terms) =>
        2 * (Gamma(float32Terms + 2, Unit32) + 2 * Unit32 + Gamma(float64Terms + 2, Unit64));

    /// <summary>gamma_m = m u / (1 - m u).</summary>
    public static double Gamma(int m, double unit) => m * unit / (1 - m * unit);

    /// <summary>||v|| computed in float64 and rounded up past its own rounding error.</summary>
    public static double NormAbove<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T value in values)
        {
            double v = double.CreateTruncating(value);
            sum += v * v;
        }
        return RoundedUpNorm(sum);
    }

    /// <summary>The square root of a float64 sum of squares, rounded up past its own rounding error (as <see cref="NormAbove"/> finishes).</summary>
    public static double RoundedUpNorm(double sumOfSquares) => Math.Sqrt(sumOfSquares) * (1 + 4 * Unit64);

    /// <summary>
    /// Whether every nonzero weight, bias and coordinate lies in [2^-40, 2^40] in magnitude (so no
    /// float32 or float64 product or weight underflows or overflows and the error bounds hold; NaN is out of range).
    /// </summary>
    public static bool InRange(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<float> features) =>
        InRange(weights) && InRange(bias) && InRange(features);

    private static bool InRange<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        T low = T.CreateChecked(1.0 / (1L << 40)), high = T.CreateChecked((double)(1L << 40));
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            // The same test lane by lane: NaN fails both compares with high, so it is out of range.
            Vector512<T> lowest = Vector512.Create(low), highest = Vector512.Create(high);
            for (; i + Vector512<T>.Count <= values.Length; i += Vector512<T>.Count)
            {
                Vector512<T> magnitude = Vector512.Abs(Vector512.Create(values.Slice(i, Vector512<T>.Count)));
                Vector512<T> inside = Vector512.LessThanOrEqual(magnitude, highest)
                    & (Vector512.Equals(magnitude, Vector512<T>.Zero) | Vector512.GreaterThanOrEqual(magnitude, lowest));
                if (!Vector512.EqualsAll(inside.AsByte(), Vector512<byte>.AllBitsSet)) return false;
            }
        }
        foreach (T value in values[i..])
        {
            T magnitude = T.Abs(value);
            if (!(magnitude <= high) || (magnitude != T.Zero && magnitude < low)) return false;
        }
        return true;
    }
}

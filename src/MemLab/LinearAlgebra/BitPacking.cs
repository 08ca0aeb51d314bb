using System.Runtime.Intrinsics;

namespace MemLab.LinearAlgebra;

/// <summary>
/// Packs the signs of float64 values into bits: bit u of the row is 1 exactly when value u is &gt; 0 (so 0 and NaN
/// give 0, as the threshold activation H does), four values per vector compare. Used for the Finke construction's
/// first-layer codes and for the 0/1 outputs of threshold layers that popcount layers read; and the nonzero pattern
/// of a popcount layer's weights (<see cref="Nonzero"/>).
/// </summary>
internal static class BitPacking
{
    /// <summary>ORs into <paramref name="bits"/> (ceil(values / 64) words, cleared by the caller) a 1 for every positive value.</summary>
    public static void Positive(ReadOnlySpan<double> values, Span<ulong> bits)
    {
        int u = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; u + 4 <= values.Length; u += 4)
            {
                uint mask = Vector256.GreaterThan(Vector256.Create(values.Slice(u, 4)), Vector256<double>.Zero).ExtractMostSignificantBits();
                bits[u >> 6] |= (ulong)mask << (u & 63);
            }
        for (; u < values.Length; u++)
            if (values[u] > 0) bits[u >> 6] |= 1UL << (u & 63);
    }

    /// <summary>
    /// ORs bit u of <paramref name="bits"/> (bit u &amp; 63 of word u &gt;&gt; 6) for every u with values[u] != 0 (-0 counts as
    /// zero, NaN as nonzero), four values per compare where vectors are fast: the masks of a popcount layer's weights.
    /// </summary>
    public static void Nonzero(ReadOnlySpan<double> values, Span<ulong> bits)
    {
        int u = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; u + 4 <= values.Length; u += 4)
            {
                uint zero = Vector256.Equals(Vector256.Create(values.Slice(u, 4)), Vector256<double>.Zero).ExtractMostSignificantBits();
                bits[u >> 6] |= (ulong)(~zero & 0xF) << (u & 63);
            }
        for (; u < values.Length; u++)
            if (values[u] != 0) bits[u >> 6] |= 1UL << (u & 63);
    }
}

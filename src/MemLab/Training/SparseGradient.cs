using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MemLab.LinearAlgebra;
using static MemLab.Training.ChunkProducts;

namespace MemLab.Training;

/// <summary>
/// The weight-gradient product of <see cref="ChunkProducts.Gradient"/>, g[j, c] = sum_i delta[j, i] x[i, c], over the
/// nonzero entries of delta only: behind a ReLU about half of them are zero (the units inactive on a point), and a
/// product 0 x[i, c] adds nothing. Each row's nonzero points are listed in order (compressed from a mask, 16 points
/// at a time) and the row's sums run over that list, two rows side by side so that their chains of additions overlap,
/// in slices of points whose rows of x stay in the first-level cache. On Gaussian and anisotropic data at d = 50
/// about 48% of the entries are nonzero.
/// </summary>
/// <remarks>
/// Same bits as the dense product: every sum still takes its nonzero products in order of the points from zero, and
/// the products left out are zeros (0 times a finite x is +0 or -0), which leave any sum unchanged: a sum from zero is
/// never -0 (x + y is -0 only when both are), and s + 0 = s for every other s, NaN and infinities included. The points
/// are finite, as a dataset's features are.
/// </remarks>
internal static class SparseGradient
{
    /// <summary>Whether this processor runs the kernel: 512-bit vectors with AVX-512's compress, and the layout's 16-float vectors.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated && ChunkProducts.Lanes == Vector512<float>.Count;

    /// <summary>
    /// Points per slice: at d = 50 a slice's rows of x take 32 KB (128 points of 64 floats). On Zen 4 (32 KB of first-level
    /// cache) 128 points ran the kernel about 7% faster than 64 (fewer lists and sums per row to set up) and 15% faster than 256.
    /// </summary>
    private const int Slice = 128;

    private const int Lanes = 16;

    /// <summary>
    /// <see cref="ChunkProducts.Gradient"/>'s product (same operands, same columns computed: whole 512-bit vectors, the
    /// last a 256-bit one where the columns end within its first half), over the nonzero entries of delta.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<float> delta, int rows, int deltaStride, int points, ReadOnlySpan<float> x, int xStride, int columns, Span<float> g)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("The sparse weight-gradient kernel needs AVX-512.");
        if (points > ManagedBlas.KC || delta.Length < (rows - 1) * deltaStride + points || x.Length < points * xStride || g.Length < rows * xStride
            || rows % 2 != 0 || xStride % Lanes != 0 || columns < 1 || columns > xStride)
            throw new ArgumentException("The weight-gradient product's operands do not match their shapes.");
        int vectors = (columns + Lanes - 1) / Lanes;
        // Columns that end within the first half of their last vector (51 = 3 x 16 + 3 at d = 50) take a 256-bit one
        // there: on Zen 4, which runs 512-bit arithmetic in 256-bit halves, half the cycles of a whole one.
        bool halfLast = columns > Lanes && columns % Lanes is > 0 and <= 8;
        // Up to Slice points listed per row, and room for a whole vector of indices stored past the last.
        Span<int> offsets = stackalloc int[2 * (Slice + Lanes)];
        Span<float> values = stackalloc float[2 * (Slice + Lanes)];
        ref int offsets0 = ref offsets[0], offsets1 = ref offsets[Slice + Lanes];
        ref float values0 = ref values[0], values1 = ref values[Slice + Lanes];
        ref float d = ref MemoryMarshal.GetReference(delta);
        ref float b = ref MemoryMarshal.GetReference(x);
        ref float c = ref MemoryMarshal.GetReference(g);
        for (int i0 = 0; i0 < points; i0 += Slice)
        {
            int end = Math.Min(points, i0 + Slice);
            for (int j = 0; j < rows; j += 2)
            {
                int n0 = List(ref Unsafe.Add(ref d, j * deltaStride), i0, end, xStride, ref offsets0, ref values0);
                int n1 = List(ref Unsafe.Add(ref d, (j + 1) * deltaStride), i0, end, xStride, ref offsets1, ref values1);
                // The shorter list is padded with zero products (of point i0), which leave its sums as they are.
                int listed = Math.Max(n0, n1);
                for (int k = n0; k < listed; k++) (Unsafe.Add(ref offsets0, k), Unsafe.Add(ref values0, k)) = (i0 * xStride, 0f);
                for (int k = n1; k < listed; k++) (Unsafe.Add(ref offsets1, k), Unsafe.Add(ref values1, k)) = (i0 * xStride, 0f);
                for (int v0 = 0; v0 < vectors; v0 += 4)
                {
                    int count = Math.Min(4, vectors - v0);
                    ref float tileX = ref Unsafe.Add(ref b, v0 * Lanes);
                    ref float g0 = ref Unsafe.Add(ref c, j * xStride + v0 * Lanes);
                    ref float g1 = ref Unsafe.Add(ref c, (j + 1) * xStride + v0 * Lanes);
                    if (halfLast && v0 + count == vectors && count > 1)
                        Pair(count - 1, half: true, ref offsets0, ref values0, ref offsets1, ref values1, listed, ref tileX, ref g0, ref g1, i0 > 0);
                    else Pair(count, half: false, ref offsets0, ref values0, ref offsets1, ref values1, listed, ref tileX, ref g0, ref g1, i0 > 0);
                }
            }
        }
    }

    /// <summary>
    /// Lists, in order, the points i in [<paramref name="start"/>, <paramref name="end"/>) with row[i] != 0 (NaN
    /// included): i times <paramref name="xStride"/> (where the point's row of x starts) in <paramref name="offsets"/> and
    /// row[i] in <paramref name="values"/>; returns how many. Both need 16 entries of room past the last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int List(ref float row, int start, int end, int xStride, ref int offsets, ref float values)
    {
        int n = 0, i = start;
        var offset = (Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) + Vector512.Create(start)) * xStride;
        var step = Vector512.Create(Lanes * xStride);
        for (; i + Lanes <= end; i += Lanes, offset += step)
        {
            var value = Vector512.LoadUnsafe(ref row, (nuint)i);
            var nonzero = ~Vector512.Equals(value, Vector512<float>.Zero);
            Avx512F.Compress(Vector512<int>.Zero, nonzero.AsInt32(), offset).StoreUnsafe(ref offsets, (nuint)n);
            Avx512F.Compress(Vector512<float>.Zero, nonzero, value).StoreUnsafe(ref values, (nuint)n);
            n += BitOperations.PopCount(nonzero.ExtractMostSignificantBits());
        }
        for (; i < end; i++)
        {
            float value = Unsafe.Add(ref row, i);
            if (value == 0) continue;
            Unsafe.Add(ref offsets, n) = i * xStride;
            Unsafe.Add(ref values, n++) = value;
        }
        return n;
    }

    /// <summary>
    /// The <paramref name="vectors"/> (1 to 4) 512-bit vectors of two rows, and a 256-bit one after them when
    /// <paramref name="half"/>: a dispatch to the kernel compiled for that width.
    /// </summary>
    private static void Pair(int vectors, bool half, ref int offsets0, ref float values0, ref int offsets1, ref float values1, int count, ref float x,
        ref float g0, ref float g1, bool goOn)
    {
        if (half)
            switch (vectors)
            {
                case 3: Pair<Three, One>(ref offsets0, ref values0, ref offsets1, ref values1, count, ref x, ref g0, ref g1, goOn); break;
                case 2: Pair<Two, One>(ref offsets0, ref values0, ref offsets1, ref values1, count, ref x, ref g0, ref g1, goOn); break;
                default: Pair<One, One>(ref offsets0, ref values0, ref offsets1, ref values1, count, ref x, ref g0, ref g1, goOn); break;
            }
        else
            switch (vectors)
            {
                case 4: Pair<Four, Zero>(ref offsets0, ref values0, ref offsets1, ref values1, count, ref x, ref g0, ref g1, goOn); break;
                case 3: Pair<Three, Zero>(ref offsets0, ref values0, ref offsets1, ref values1, count, ref x, ref g0, ref g1, goOn); break;
                case 2: Pair<Two, Zero>(ref offsets0, ref values0, ref offsets1, ref values1, count, ref x, ref g0, ref g1, goOn); break;
                default: Pair<One, Zero>(ref offsets0, ref values0, ref offsets1, ref values1, count, ref x, ref g0, ref g1, goOn); break;
            }
    }

    /// <summary>
    /// Rows 0 and 1: g_r[v] (+)= sum over the listed points i of delta_r[i] x[i, v] (their offsets into x and values of
    /// delta listed), for TWidth 512-bit vectors v and, when THalf is 1, a 256-bit one after them; from zero, or going
    /// on with the sums in g when <paramref name="goOn"/>; both lists hold <paramref name="count"/> points (the shorter
    /// padded with zero products).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pair<TWidth, THalf>(ref int offsets0, ref float values0, ref int offsets1, ref float values1, int count, ref float x,
        ref float g0, ref float g1, bool goOn)
        where TWidth : struct, IWidth
        where THalf : struct, IWidth
    {
        const nuint L = 16;
        int n = TWidth.Value;
        nuint half = (nuint)n * L;
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        Vector256<float> h0 = default, h1 = default;
        if (goOn)
        {
            a00 = Vector512.LoadUnsafe(ref g0);
            if (n > 1) a01 = Vector512.LoadUnsafe(ref g0, L);
            if (n > 2) a02 = Vector512.LoadUnsafe(ref g0, 2 * L);
            if (n > 3) a03 = Vector512.LoadUnsafe(ref g0, 3 * L);
            if (THalf.Value == 1) h0 = Vector256.LoadUnsafe(ref g0, half);
            a10 = Vector512.LoadUnsafe(ref g1);
            if (n > 1) a11 = Vector512.LoadUnsafe(ref g1, L);
            if (n > 2) a12 = Vector512.LoadUnsafe(ref g1, 2 * L);
            if (n > 3) a13 = Vector512.LoadUnsafe(ref g1, 3 * L);
            if (THalf.Value == 1) h1 = Vector256.LoadUnsafe(ref g1, half);
        }
        for (int k = 0; k < count; k++)
        {
            {
                ref float row = ref Unsafe.Add(ref x, Unsafe.Add(ref offsets0, k));
                var w = Vector512.Create(Unsafe.Add(ref values0, k));
                a00 += w * Vector512.LoadUnsafe(ref row);
                if (n > 1) a01 += w * Vector512.LoadUnsafe(ref row, L);
                if (n > 2) a02 += w * Vector512.LoadUnsafe(ref row, 2 * L);
                if (n > 3) a03 += w * Vector512.LoadUnsafe(ref row, 3 * L);
                if (THalf.Value == 1) h0 += w.GetLower() * Vector256.LoadUnsafe(ref row, half);
            }
            {
                ref float row = ref Unsafe.Add(ref x, Unsafe.Add(ref offsets1, k));
                var w = Vector512.Create(Unsafe.Add(ref values1, k));
                a10 += w * Vector512.LoadUnsafe(ref row);
                if (n > 1) a11 += w * Vector512.LoadUnsafe(ref row, L);
                if (n > 2) a12 += w * Vector512.LoadUnsafe(ref row, 2 * L);
                if (n > 3) a13 += w * Vector512.LoadUnsafe(ref row, 3 * L);
                if (THalf.Value == 1) h1 += w.GetLower() * Vector256.LoadUnsafe(ref row, half);
            }
        }
        a00.StoreUnsafe(ref g0);
        if (n > 1) a01.StoreUnsafe(ref g0, L);
        if (n > 2) a02.StoreUnsafe(ref g0, 2 * L);
        if (n > 3) a03.StoreUnsafe(ref g0, 3 * L);
        if (THalf.Value == 1) h0.StoreUnsafe(ref g0, half);
        a10.StoreUnsafe(ref g1);
        if (n > 1) a11.StoreUnsafe(ref g1, L);
        if (n > 2) a12.StoreUnsafe(ref g1, 2 * L);
        if (n > 3) a13.StoreUnsafe(ref g1, 3 * L);
        if (THalf.Value == 1) h1.StoreUnsafe(ref g1, half);
    }
}

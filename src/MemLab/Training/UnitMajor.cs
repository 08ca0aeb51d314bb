using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MemLab.Training;

/// <summary>
/// The element-wise and output-layer passes of a one-hidden-layer network whose activations are stored unit by unit
/// (one contiguous row per hidden unit over a block of points, padded to whole vectors, the layout of <see cref="NetworkBatch"/>): every pass runs over a
/// long contiguous row, whatever the width. Each entry gets the same operations in the same order as the row-major
/// passes of <see cref="Mlp{T}"/> and <see cref="SingleOutput{T}"/> give it (the one-network trainer's), so the two
/// layouts agree bit for bit: sums over points run point by point in order, and the output's sum over units follows
/// <see cref="SingleOutput{T}"/>'s dot product (lane-wise partial sums, their pairwise total, then the tail).
/// </summary>
internal static class UnitMajor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// z_i = sum_j units[j, i] w_j + <paramref name="bias"/> for one output unit and the <paramref name="points"/> points
    /// of each row (rows <paramref name="stride"/> apart), summed over j as <see cref="SingleOutput{T}"/>'s dot product
    /// sums a row-major row. <paramref name="lanes"/> holds <see cref="Vector{T}.Count"/> rows of
    /// <paramref name="points"/> entries (scratch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Output(ReadOnlySpan<T> units, int stride, int points, ReadOnlySpan<T> w, T bias, Span<T> z, Span<T> lanes)
    {
        int v = Vector<T>.Count, whole = w.Length / v * v;
        z = z[..points];
        if (whole == 0)
        {
            z.Clear();
        }
        else
        {
            // Lane l accumulates units l, l + v, l + 2v, ... from zero, as one vector accumulator of the dot product does.
            lanes = lanes[..(v * points)];
            lanes.Clear();
            for (int j = 0; j < whole; j++) MultiplyAdd(lanes.Slice(j % v * points, points), units.Slice(j * stride, points), w[j]);
            // The pairwise total of the lanes: (l0 + l1) + (l2 + l3), and so on up, as Vector.Sum adds a vector's halves.
            for (int step = 1; step < v; step *= 2)
                for (int l = 0; l < v; l += 2 * step)
                {
                    var sum = lanes.Slice(l * points, points);
                    TensorPrimitives.Add(sum, lanes.Slice((l + step) * points, points), sum);
                }
            lanes[..points].CopyTo(z);
        }
        for (int j = whole; j < w.Length; j++) MultiplyAdd(z, units.Slice(j * stride, points), w[j]);
        TensorPrimitives.Add(z, bias, z);
    }

    /// <summary>acc_i = x_i s + acc_i: a product, then a sum (the dot product's accumulation, never fused).</summary>
    private static void MultiplyAdd(Span<T> acc, ReadOnlySpan<T> x, T s) => TensorPrimitives.MultiplyAdd(x, s, acc, acc);

    /// <summary>
    /// g_j = sum_i delta_i units[j, i], summed over i in order from zero, for every row j of <paramref name="units"/>
    /// (rows <paramref name="stride"/> apart, of which the first <paramref name="points"/> entries are read): the output
    /// weights' gradient of one output unit, delta being the output's gradient. Returns sum_i delta_i, in order from
    /// zero (the output bias's gradient), summed beside the last rows' sums so that its chain of additions overlaps theirs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T WeightGradient(ReadOnlySpan<T> delta, ReadOnlySpan<T> units, int stride, int points, Span<T> g)
    {
        delta = delta[..points];
        int j = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
            j = TransposedRows(MemoryMarshal.Cast<T, float>(delta), MemoryMarshal.Cast<T, float>(units), stride, MemoryMarshal.Cast<T, float>(g));
        // Eight rows at a time: eight independent chains keep both adders busy; each chain is one row's sum in order.
        for (; j + 8 <= g.Length; j += 8)
        {
            ReadOnlySpan<T> r0 = units.Slice(j * stride, points), r1 = units.Slice((j + 1) * stride, points);
            ReadOnlySpan<T> r2 = units.Slice((j + 2) * stride, points), r3 = units.Slice((j + 3) * stride, points);
            ReadOnlySpan<T> r4 = units.Slice((j + 4) * stride, points), r5 = units.Slice((j + 5) * stride, points);
            ReadOnlySpan<T> r6 = units.Slice((j + 6) * stride, points), r7 = units.Slice((j + 7) * stride, points);
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero, s4 = T.Zero, s5 = T.Zero, s6 = T.Zero, s7 = T.Zero;
            for (int i = 0; i < delta.Length; i++)
            {
                T d = delta[i];
                s0 += d * r0[i];
                s1 += d * r1[i];
                s2 += d * r2[i];
                s3 += d * r3[i];
                s4 += d * r4[i];
                s5 += d * r5[i];
                s6 += d * r6[i];
                s7 += d * r7[i];
            }
            (g[j], g[j + 1], g[j + 2], g[j + 3]) = (s0, s1, s2, s3);
            (g[j + 4], g[j + 5], g[j + 6], g[j + 7]) = (s4, s5, s6, s7);
        }
        for (; j + 4 <= g.Length; j += 4)
        {
            ReadOnlySpan<T> r0 = units.Slice(j * stride, points), r1 = units.Slice((j + 1) * stride, points);
            ReadOnlySpan<T> r2 = units.Slice((j + 2) * stride, points), r3 = units.Slice((j + 3) * stride, points);
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            for (int i = 0; i < delta.Length; i++)
            {
                T d = delta[i];
                s0 += d * r0[i];
                s1 += d * r1[i];
                s2 += d * r2[i];
                s3 += d * r3[i];
            }
            (g[j], g[j + 1], g[j + 2], g[j + 3]) = (s0, s1, s2, s3);
        }
        // The last 0 to 3 rows and the sum of delta, each its own chain, in one pass.
        int left = g.Length - j;
        ReadOnlySpan<T> t0 = left > 0 ? units.Slice(j * stride, points) : delta, t1 = left > 1 ? units.Slice((j + 1) * stride, points) : delta;
        ReadOnlySpan<T> t2 = left > 2 ? units.Slice((j + 2) * stride, points) : delta;
        T u0 = T.Zero, u1 = T.Zero, u2 = T.Zero, sum = T.Zero;
        for (int i = 0; i < delta.Length; i++)
        {
            T d = delta[i];
            sum += d;
            if (left > 0) u0 += d * t0[i];
            if (left > 1) u1 += d * t1[i];
            if (left > 2) u2 += d * t2[i];
        }
        if (left > 0) g[j] = u0;
        if (left > 1) g[j + 1] = u1;
        if (left > 2) g[j + 2] = u2;
        return sum;
    }

    /// <summary>
    /// The sums of <see cref="WeightGradient"/> for the rows of <paramref name="g"/> in blocks of 16 and then 8, in
    /// 256-bit vectors: each block of 8 rows by 8 points is transposed in registers, so that lane k of a vector
    /// accumulates row k's products point by point, in order from zero, as the scalar chains do (the two blocks of 16
    /// rows are independent chains that overlap). Returns the rows done; the others are left to the scalar loops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int TransposedRows(ReadOnlySpan<float> delta, ReadOnlySpan<float> units, int stride, Span<float> g)
    {
        int points = delta.Length, whole = points / 8 * 8, j = 0;
        if (units.Length < (g.Length - 1) * stride + points) throw new ArgumentException("The units do not cover the rows and points.");
        ref float d = ref MemoryMarshal.GetReference(delta);
        ref float u = ref MemoryMarshal.GetReference(units);
        for (; j + 16 <= g.Length; j += 16)
        {
            ref float low = ref Unsafe.Add(ref u, j * stride);
            ref float high = ref Unsafe.Add(ref u, (j + 8) * stride);
            Vector256<float> sumLow = default, sumHigh = default;
            int i = 0;
            for (; i < whole; i += 8)
            {
                sumLow = AddBlock(sumLow, ref d, ref low, stride, i);
                sumHigh = AddBlock(sumHigh, ref d, ref high, stride, i);
            }
            for (; i < points; i++)
            {
                sumLow += Vector256.Create(Unsafe.Add(ref d, i)) * Column(ref low, stride, i);
                sumHigh += Vector256.Create(Unsafe.Add(ref d, i)) * Column(ref high, stride, i);
            }
            sumLow.CopyTo(g[j..]);
            sumHigh.CopyTo(g[(j + 8)..]);
        }
        for (; j + 8 <= g.Length; j += 8)
        {
            ref float rows = ref Unsafe.Add(ref u, j * stride);
            Vector256<float> sum = default;
            int i = 0;
            for (; i < whole; i += 8) sum = AddBlock(sum, ref d, ref rows, stride, i);
            for (; i < points; i++) sum += Vector256.Create(Unsafe.Add(ref d, i)) * Column(ref rows, stride, i);
            sum.CopyTo(g[j..]);
        }
        return j;
    }

    /// <summary>Entry <paramref name="i"/> of the 8 rows from <paramref name="rows"/> (<paramref name="stride"/> apart), as one vector.</summary>
    private static Vector256<float> Column(ref float rows, int stride, int i) => Vector256.Create(
        Unsafe.Add(ref rows, i), Unsafe.Add(ref rows, stride + i), Unsafe.Add(ref rows, 2 * stride + i), Unsafe.Add(ref rows, 3 * stride + i),
        Unsafe.Add(ref rows, 4 * stride + i), Unsafe.Add(ref rows, 5 * stride + i), Unsafe.Add(ref rows, 6 * stride + i), Unsafe.Add(ref rows, 7 * stride + i));

    /// <summary>
    /// <paramref name="sum"/> + delta_i column_i for the points i = <paramref name="i"/> .. + 7 in order (a product, then
    /// a sum, each), column_i being entry i of the 8 rows from <paramref name="rows"/>, transposed from 8 row vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> AddBlock(Vector256<float> sum, ref float delta, ref float rows, int stride, int i)
    {
        var r0 = Vector256.LoadUnsafe(ref rows, (nuint)i);
        var r1 = Vector256.LoadUnsafe(ref rows, (nuint)(stride + i));
        var r2 = Vector256.LoadUnsafe(ref rows, (nuint)(2 * stride + i));
        var r3 = Vector256.LoadUnsafe(ref rows, (nuint)(3 * stride + i));
        var r4 = Vector256.LoadUnsafe(ref rows, (nuint)(4 * stride + i));
        var r5 = Vector256.LoadUnsafe(ref rows, (nuint)(5 * stride + i));
        var r6 = Vector256.LoadUnsafe(ref rows, (nuint)(6 * stride + i));
        var r7 = Vector256.LoadUnsafe(ref rows, (nuint)(7 * stride + i));
        // Pairs of rows interleaved, then quadruples: s_m holds points m and m + 4 of rows 0-3 (s0-s3) or 4-7 (s4-s7).
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE), s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        ref float di = ref Unsafe.Add(ref delta, i);
        sum += Vector256.Create(di) * Avx.Permute2x128(s0, s4, 0x20);
        sum += Vector256.Create(Unsafe.Add(ref di, 1)) * Avx.Permute2x128(s1, s5, 0x20);
        sum += Vector256.Create(Unsafe.Add(ref di, 2)) * Avx.Permute2x128(s2, s6, 0x20);
        sum += Vector256.Create(Unsafe.Add(ref di, 3)) * Avx.Permute2x128(s3, s7, 0x20);
        sum += Vector256.Create(Unsafe.Add(ref di, 4)) * Avx.Permute2x128(s0, s4, 0x31);
        sum += Vector256.Create(Unsafe.Add(ref di, 5)) * Avx.Permute2x128(s1, s5, 0x31);
        sum += Vector256.Create(Unsafe.Add(ref di, 6)) * Avx.Permute2x128(s2, s6, 0x31);
        return sum + Vector256.Create(Unsafe.Add(ref di, 7)) * Avx.Permute2x128(s3, s7, 0x31);
    }

    /// <summary>
    /// The hidden layer's gradient for one output unit: row j becomes w_j delta, zeroed where the unit was inactive
    /// (its activation, <paramref name="units"/>, not above 0); for the <paramref name="points"/> points of each row,
    /// rows <paramref name="stride"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backprop(ReadOnlySpan<T> outputGradient, ReadOnlySpan<T> w, ReadOnlySpan<T> units, int stride, int points, Span<T> next)
    {
        int width = Vector<T>.Count;
        for (int j = 0; j < w.Length; j++)
        {
            Span<T> row = next.Slice(j * stride, points);
            ReadOnlySpan<T> activation = units.Slice(j * stride, points);
            T wj = w[j];
            var vw = new Vector<T>(wj);
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                // Element by element, so the vectors' width does not change a bit; 512-bit ones halve the instructions.
                var wide = Vector512.Create(wj);
                for (; i <= points - Vector512<T>.Count; i += Vector512<T>.Count)
                {
                    var active = Vector512.GreaterThan(Vector512.Create(activation[i..]), Vector512<T>.Zero);
                    Vector512.ConditionalSelect(active, wide * Vector512.Create(outputGradient[i..]), Vector512<T>.Zero).CopyTo(row[i..]);
                }
            }
            for (; i <= points - width; i += width)
            {
                var active = Vector.GreaterThan(new Vector<T>(activation[i..]), Vector<T>.Zero);
                Vector.ConditionalSelect(active, vw * new Vector<T>(outputGradient[i..]), Vector<T>.Zero).CopyTo(row[i..]);
            }
            for (; i < points; i++) row[i] = activation[i] > T.Zero ? wj * outputGradient[i] : T.Zero;
        }
    }
}

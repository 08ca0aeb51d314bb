using System.Buffers;
using System.Numerics.Tensors;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace MemLab.Training;

/// <summary>
/// The products of a layer with one output unit, written out instead of sent to the BLAS: for such a layer a GEMM call
/// costs more than its arithmetic. Each entry is computed by a fixed sequence of operations that depends only on the
/// row length (never on the memory address or on the row stride), so the one-network trainer and the batched trainer,
/// which read the same rows with different strides, get the same bits.
/// </summary>
internal static class SingleOutput<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>z_i = sum_j a[i, j] w_j for <paramref name="rows"/> rows of <paramref name="w"/>.Length entries, row i starting at i * <paramref name="stride"/>.</summary>
    public static void Forward(ReadOnlySpan<T> a, int stride, int rows, ReadOnlySpan<T> w, Span<T> z)
    {
        for (int i = 0; i < rows; i++) z[i] = Dot(a.Slice(i * stride, w.Length), w);
    }

    /// <summary>
    /// g_j = sum_i scale_i a[i, j] (sum_i a[i, j] when <paramref name="scales"/> is empty), for <paramref name="rows"/>
    /// rows of g.Length entries <paramref name="stride"/> apart, in the order of <see cref="PointChunks"/>: each chunk
    /// of rows added row by row (as vector operations) to a zeroed chunk sum, the chunk sums added in order to zeroed g.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowSums(ReadOnlySpan<T> scales, ReadOnlySpan<T> a, int stride, int rows, Span<T> g)
    {
        // The first chunk adds straight into zeroed g: a sum that starts at +0 never ends at -0, so adding it to a zeroed
        // g would give the same bits. Only further chunks need a chunk sum of their own.
        g.Clear();
        AddRows(scales, a, stride, 0, Math.Min(rows, PointChunks.Size), g);
        if (rows <= PointChunks.Size) return;
        T[] buffer = ArrayPool<T>.Shared.Rent(g.Length);
        try
        {
            Span<T> chunk = buffer.AsSpan(0, g.Length);
            for (int i0 = PointChunks.Size; i0 < rows; i0 += PointChunks.Size)
            {
                chunk.Clear();
                AddRows(scales, a, stride, i0, Math.Min(rows, i0 + PointChunks.Size), chunk);
                TensorPrimitives.Add(g, chunk, g);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    private static void AddRows(ReadOnlySpan<T> scales, ReadOnlySpan<T> a, int stride, int from, int to, Span<T> sum)
    {
        for (int i = from; i < to; i++)
        {
            ReadOnlySpan<T> row = a.Slice(i * stride, sum.Length);
            // Element by element, a product then a sum (never fused): the same bits as a scalar loop.
            if (scales.IsEmpty) TensorPrimitives.Add(sum, row, sum);
            else TensorPrimitives.MultiplyAdd(row, scales[i], sum, sum);
        }
    }

    /// <summary>next[i, j] = delta_i w_j (one product each, as a GEMM with one inner term gives).</summary>
    public static void Backprop(ReadOnlySpan<T> delta, ReadOnlySpan<T> w, int rows, Span<T> next, int stride)
    {
        int width = Vector<T>.Count, n = w.Length;
        for (int i = 0; i < rows; i++)
        {
            Span<T> row = next.Slice(i * stride, n);
            var vScale = new Vector<T>(delta[i]);
            int j = 0;
            for (; j <= n - width; j += width) (vScale * new Vector<T>(w[j..])).CopyTo(row[j..]);
            for (; j < n; j++) row[j] = delta[i] * w[j];
        }
    }

    /// <summary>sum_i delta_i, in the order of <see cref="PointChunks"/>.</summary>
    public static T Sum(ReadOnlySpan<T> delta)
    {
        T total = T.Zero;
        for (int i0 = 0; i0 < delta.Length; i0 += PointChunks.Size)
        {
            T chunk = T.Zero;
            foreach (T value in delta.Slice(i0, Math.Min(PointChunks.Size, delta.Length - i0))) chunk += value;
            total += chunk;
        }
        return total;
    }

    /// <summary>A dot product in a fixed order: lane-wise partial sums over whole vectors, their sum, then the tail.</summary>
    private static T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
    {
        int width = Vector<T>.Count, n = x.Length, j = 0;
        var acc = Vector<T>.Zero;
        for (; j <= n - width; j += width) acc += new Vector<T>(x[j..]) * new Vector<T>(y[j..]);
        T total = Vector.Sum(acc);
        for (; j < n; j++) total += x[j] * y[j];
        return total;
    }
}

using System.Numerics;

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

    /// <summary>g_j = sum_i delta_i a[i, j], summed over i in order, each j on its own.</summary>
    public static void WeightGradient(ReadOnlySpan<T> delta, ReadOnlySpan<T> a, int stride, int rows, Span<T> g)
    {
        g.Clear();
        int width = Vector<T>.Count, n = g.Length;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> row = a.Slice(i * stride, n);
            T scale = delta[i];
            var vScale = new Vector<T>(scale);
            int j = 0;
            for (; j <= n - width; j += width)
                (new Vector<T>(g[j..]) + vScale * new Vector<T>(row[j..])).CopyTo(g[j..]);
            for (; j < n; j++) g[j] += scale * row[j];
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

    /// <summary>sum_i delta_i, in order.</summary>
    public static T Sum(ReadOnlySpan<T> delta)
    {
        T total = T.Zero;
        foreach (T value in delta) total += value;
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

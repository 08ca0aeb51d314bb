using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MemLab.Networks;

/// <summary>
/// The float32 pre-activations b + W x of a dense layer for inputs that are mostly zero (MNIST's pixels: 19% nonzero),
/// for <see cref="ThresholdCodes"/> in place of its float32 GEMM: for each point only the columns of W at its nonzero
/// coordinates are added, 128 units at a time from a transposed copy of W (a 128-unit slice of every column, 400 KB
/// at 784 inputs, stays in L2 while every point of the rows passes over it). Each value is a float32 sum, in a
/// fixed order, of the bias and at most d products, so the error bound <see cref="ThresholdCodes"/> screens with holds
/// for it as for any GEMM, and the bits decided from it are the float64 path's. On MNIST it does a fifth of the GEMM's
/// multiply-adds.
/// </summary>
internal sealed unsafe class SparseFirstLayer
{
    /// <summary>Units per slice: eight 512-bit accumulators.</summary>
    private const int Slice = 128;

    /// <summary>Use it on a chunk at most this fraction of whose coordinates are nonzero; above it the GEMM is faster.</summary>
    private const double DensestWorthwhile = 0.4;

    private readonly float[] _transposed;
    private readonly float[] _bias;
    private readonly int _d, _n, _padded;

    /// <param name="weights">W in float32, n x d row-major.</param>
    /// <param name="bias">b in float32, n values.</param>
    /// <param name="d">Inputs.</param>
    /// <param name="n">Units.</param>
    public SparseFirstLayer(float[] weights, float[] bias, int d, int n)
    {
        _d = d;
        _n = n;
        _padded = (n + Slice - 1) / Slice * Slice;
        _transposed = new float[(long)d * _padded];
        for (int u = 0; u < n; u++)
            for (int k = 0; k < d; k++) _transposed[(long)k * _padded + u] = weights[(long)u * d + k];
        _bias = new float[_padded];
        bias.AsSpan(0, n).CopyTo(_bias);
    }

    /// <summary>Whether this machine has the 512-bit vectors the kernel is written for.</summary>
    public static bool Supported => Vector512.IsHardwareAccelerated;

    /// <summary>Whether the inputs of a chunk are sparse enough for this product to beat the GEMM.</summary>
    public static bool Worthwhile(ReadOnlySpan<float> inputs)
    {
        if (!Supported || inputs.IsEmpty) return false;
        long nonzero = 0;
        foreach (float v in inputs) nonzero += v != 0 ? 1 : 0;
        return nonzero <= DensestWorthwhile * inputs.Length;
    }

    /// <summary>pre[r * n + u] = b_u + sum_k W[u, k] x_r[k] (float32) for rows <paramref name="from"/> .. <paramref name="to"/> of <paramref name="points"/> (d floats each).</summary>
    public void Rows(float* points, int from, int to, float* pre)
    {
        int d = _d, n = _n, padded = _padded;
        // The part's nonzeros, row by row (compressed rows), so each slice of W^T serves every row before the next.
        int rows = to - from;
        int[] starts = ArrayPool<int>.Shared.Rent(rows + 1);
        int[] columns = ArrayPool<int>.Shared.Rent(rows * d);
        float[] values = ArrayPool<float>.Shared.Rent(rows * d);
        int count = 0;
        starts[0] = 0;
        for (int r = 0; r < rows; r++)
        {
            float* x = points + (long)(from + r) * d;
            for (int k = 0; k < d; k++)
                if (x[k] != 0)
                {
                    columns[count] = k;
                    values[count++] = x[k];
                }
            starts[r + 1] = count;
        }
        float* spill = stackalloc float[Slice];
        fixed (float* transposed = _transposed, bias = _bias, value = values)
        fixed (int* column = columns)
        {
            for (int slice = 0; slice < padded; slice += Slice)
            {
                float* w = transposed + slice;
                int width = Math.Min(Slice, n - slice);
                for (int r = 0; r < rows; r++)
                {
                    float* target = pre + (long)(from + r) * n + slice;
                    Accumulate(w, padded, bias + slice, column, value, starts[r], starts[r + 1], width == Slice ? target : spill);
                    if (width < Slice) new ReadOnlySpan<float>(spill, width).CopyTo(new Span<float>(target, width));
                }
            }
        }
        ArrayPool<int>.Shared.Return(starts);
        ArrayPool<int>.Shared.Return(columns);
        ArrayPool<float>.Shared.Return(values);
    }

    /// <summary>One slice of 128 units for one point: the bias plus the point's nonzero coordinates times their columns, in index order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(float* w, int stride, float* bias, int* column, float* value, int start, int end, float* target)
    {
        Vector512<float> a0 = Vector512.Load(bias), a1 = Vector512.Load(bias + 16), a2 = Vector512.Load(bias + 32), a3 = Vector512.Load(bias + 48);
        Vector512<float> a4 = Vector512.Load(bias + 64), a5 = Vector512.Load(bias + 80), a6 = Vector512.Load(bias + 96), a7 = Vector512.Load(bias + 112);
        for (int j = start; j < end; j++)
        {
            float* c = w + (long)column[j] * stride;
            Vector512<float> x = Vector512.Create(value[j]);
            a0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(c), a0);
            a1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(c + 16), a1);
            a2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(c + 32), a2);
            a3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(c + 48), a3);
            a4 = Vector512.FusedMultiplyAdd(x, Vector512.Load(c + 64), a4);
            a5 = Vector512.FusedMultiplyAdd(x, Vector512.Load(c + 80), a5);
            a6 = Vector512.FusedMultiplyAdd(x, Vector512.Load(c + 96), a6);
            a7 = Vector512.FusedMultiplyAdd(x, Vector512.Load(c + 112), a7);
        }
        a0.Store(target);
        a1.Store(target + 16);
        a2.Store(target + 32);
        a3.Store(target + 48);
        a4.Store(target + 64);
        a5.Store(target + 80);
        a6.Store(target + 96);
        a7.Store(target + 112);
    }
}

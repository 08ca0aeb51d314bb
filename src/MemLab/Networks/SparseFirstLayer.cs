using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MemLab.Networks;

/// <summary>
/// The float32 pre-activations b + W x of a dense layer for inputs that are mostly zero (MNIST's pixels: 19% nonzero),
/// for <see cref="ThresholdCodes"/> in place of its float32 GEMM: for each point only the columns of W at its nonzero
/// coordinates are added, one slice of 128 units at a time into eight 512-bit registers, from a copy of W stored
/// slice by slice (each slice's d columns of 128 float32 values lie together, 400 KB at 784 inputs, so the slice stays
/// in L2 while every point of a part passes over it, with no cache set conflicts). The caller screens each slice's
/// values while they are in L1, so the N x n values are never stored. Each value is a float32 sum, in a fixed order,
/// of the bias and at most d products, so the error bound <see cref="ThresholdCodes"/> screens with holds for it as
/// for any GEMM, and the bits decided from it are the float64 path's. On MNIST it does a fifth of the GEMM's
/// multiply-adds.
/// </summary>
internal sealed unsafe class SparseFirstLayer
{
    /// <summary>Units per slice: eight 512-bit accumulators.</summary>
    public const int Slice = 128;

    /// <summary>Use it on a chunk at most this fraction of whose coordinates are nonzero; above it the GEMM is faster.</summary>
    private const double DensestWorthwhile = 0.4;

    private readonly float[] _slices;
    private readonly float[] _bias;
    private readonly int _d;

    /// <param name="weights">W, n x d row-major (rounded to float32 here).</param>
    /// <param name="bias">b, n values (rounded to float32 here).</param>
    /// <param name="d">Inputs.</param>
    /// <param name="n">Units.</param>
    public SparseFirstLayer(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int d, int n)
    {
        _d = d;
        SliceCount = (n + Slice - 1) / Slice;
        _slices = GC.AllocateUninitializedArray<float>(checked(d * SliceCount * Slice));
        for (int s = 0; s < SliceCount; s++)
        {
            int units = Math.Min(Slice, n - s * Slice);
            Span<float> block = _slices.AsSpan(s * d * Slice, d * Slice);
            if (units < Slice) block.Clear();
            for (int i = 0; i < units; i++)
            {
                ReadOnlySpan<double> row = weights.Slice((s * Slice + i) * d, d);
                for (int k = 0; k < d; k++) block[k * Slice + i] = (float)row[k];
            }
        }
        _bias = new float[SliceCount * Slice];
        for (int u = 0; u < n; u++) _bias[u] = (float)bias[u];
    }

    /// <summary>Slices of <see cref="Slice"/> units; the last one may be partial (its missing units have zero weights).</summary>
    public int SliceCount { get; }

    /// <summary>Whether this machine has the 512-bit vectors the kernel is written for.</summary>
    public static bool Supported => Vector512.IsHardwareAccelerated;

    /// <summary>Whether the inputs of a chunk are sparse enough for this product to beat the GEMM.</summary>
    public static bool Worthwhile(ReadOnlySpan<float> inputs)
    {
        if (!Supported || inputs.IsEmpty) return false;
        long nonzero = 0;
        int k = 0;
        for (; k + 16 <= inputs.Length; k += 16)
            nonzero += 16 - System.Numerics.BitOperations.PopCount(Vector512.Equals(Vector512.Create(inputs.Slice(k, 16)), Vector512<float>.Zero).ExtractMostSignificantBits());
        for (; k < inputs.Length; k++) nonzero += inputs[k] != 0 ? 1 : 0;
        return nonzero <= DensestWorthwhile * inputs.Length;
    }

    /// <summary>
    /// The nonzero coordinates of rows <paramref name="from"/> .. <paramref name="to"/> - 1 of <paramref name="points"/>
    /// (d floats each), in index order per row, for <see cref="Accumulate"/>; dispose it to return its buffers.
    /// </summary>
    public SparseRows Compress(float* points, int from, int to) => new(points, from, to, _d);

    /// <summary>
    /// target[i] = b_u + sum_k W[u, k] x[k] in float32 for the units u = slice * 128 + i of one slice (all 128, a partial
    /// last slice padded with zeros) at row <paramref name="row"/> of <paramref name="rows"/>: the bias, then the row's
    /// nonzero coordinates times their columns in index order.
    /// </summary>
    public void Accumulate(SparseRows rows, int slice, int row, float* target)
    {
        fixed (float* block = &_slices[slice * _d * Slice], bias = &_bias[slice * Slice])
        fixed (int* offsets = rows.Offsets)
        fixed (float* values = rows.Values)
        {
            Vector512<float> a0 = Vector512.Load(bias), a1 = Vector512.Load(bias + 16), a2 = Vector512.Load(bias + 32), a3 = Vector512.Load(bias + 48);
            Vector512<float> a4 = Vector512.Load(bias + 64), a5 = Vector512.Load(bias + 80), a6 = Vector512.Load(bias + 96), a7 = Vector512.Load(bias + 112);
            int* offset = offsets + rows.Starts[row], end = offsets + rows.Starts[row + 1];
            for (float* value = values + rows.Starts[row]; offset < end; offset++, value++)
            {
                float* c = block + *offset;
                Vector512<float> x = Vector512.Create(*value);
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
}

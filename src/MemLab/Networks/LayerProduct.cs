using System.Numerics;
using System.Runtime.InteropServices;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// The affine map of one <see cref="Layer"/> on a chunk of rows, result = b + input W^T, for either storage: one GEMM
/// for a <see cref="DenseLayer"/>, a sparse product over the stored entries for a <see cref="SparseLayer"/>. The weights
/// are passed as values in the layer's storage order, so the same call evaluates the layer itself (the float64 or
/// narrowed float32 weights) and the magnitude passes |W| |a| + |b| that margins and error scales need.
/// </summary>
internal static class LayerProduct
{
    /// <summary>
    /// result (rows x OutputCount) = bias rows + input (rows x InputCount) W^T, W having <paramref name="layer"/>'s
    /// shape and storage and <paramref name="weights"/> as its stored values. A sparse row is summed as the managed
    /// GEMM sums the dense row: slices of <see cref="ManagedBlas.KC"/> columns, each summed from 0 in column order and
    /// added to the bias, the zeros skipped (adding 0 x a changes no sum). So it equals the managed backend's dense
    /// result bit for bit (up to the sign of a zero), and any backend's up to its own rounding.
    /// </summary>
    public static void Affine<T>(IBlas blas, Layer layer, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, ReadOnlySpan<T> input,
        int rows, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputCount = layer.InputCount, outputCount = layer.OutputCount;
        switch (layer)
        {
            case DenseLayer:
                for (int r = 0; r < rows; r++)
                    bias.CopyTo(result.Slice(r * outputCount, outputCount));
                if (typeof(T) == typeof(float))
                    blas.Sgemm(Transpose.No, Transpose.Yes, rows, outputCount, inputCount, 1f,
                        MemoryMarshal.Cast<T, float>(input), inputCount, MemoryMarshal.Cast<T, float>(weights), inputCount,
                        1f, MemoryMarshal.Cast<T, float>(result), outputCount);
                else
                    blas.Dgemm(Transpose.No, Transpose.Yes, rows, outputCount, inputCount, 1.0,
                        MemoryMarshal.Cast<T, double>(input), inputCount, MemoryMarshal.Cast<T, double>(weights), inputCount,
                        1.0, MemoryMarshal.Cast<T, double>(result), outputCount);
                break;
            case SparseLayer sparse:
                Sparse(sparse.RowStarts, sparse.Columns, weights, bias, input, rows, inputCount, outputCount, result);
                break;
            default:
                throw new ArgumentException($"Unknown layer storage {layer.GetType().Name}.", nameof(layer));
        }
    }

    private static void Sparse<T>(ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> columns, ReadOnlySpan<T> values, ReadOnlySpan<T> bias,
        ReadOnlySpan<T> input, int rows, int inputCount, int outputCount, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> x = input.Slice(r * inputCount, inputCount);
            Span<T> y = result.Slice(r * outputCount, outputCount);
            for (int j = 0; j < outputCount; j++)
            {
                T t = bias[j];
                int k = rowStarts[j], end = rowStarts[j + 1];
                while (k < end)
                {
                    int sliceEnd = (columns[k] / ManagedBlas.KC + 1) * ManagedBlas.KC;
                    T sum = T.Zero;
                    for (; k < end && columns[k] < sliceEnd; k++)
                        sum += x[columns[k]] * values[k];
                    t += sum;
                }
                y[j] = t;
            }
        }
    }
}

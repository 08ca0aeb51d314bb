using System.Numerics.Tensors;

namespace MemLab.LinearAlgebra;

/// <summary>
/// The managed BLAS: GEMM as dot products of packed rows with System.Numerics.Tensors, parallel over
/// rows of C. The reference every other backend is tested against, and the fallback when OpenBLAS
/// cannot be loaded (roughly an order of magnitude slower).
/// </summary>
public sealed class ManagedBlas : IBlas
{
    /// <summary>A managed backend that uses up to <paramref name="threadCount"/> threads per call.</summary>
    public ManagedBlas(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount);
        ThreadCount = threadCount;
    }

    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public int ThreadCount { get; }

    /// <inheritdoc/>
    public string Describe() => $"managed (System.Numerics.Tensors, {ThreadCount} thread{(ThreadCount == 1 ? "" : "s")})";

    /// <inheritdoc/>
    public void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <inheritdoc/>
    public void Dgemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) =>
        Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    private void Gemm<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        GemmShape.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        // Pack op(A) as m x k and op(B)^T as n x k, both row-major, so every C entry is one contiguous dot product.
        T[] packedA = Pack(a, lda, transA == Transpose.Yes, m, k);
        T[] packedB = Pack(b, ldb, transB == Transpose.No, n, k);
        T[] result = new T[(long)m * n];
        const int ColumnBlock = 64;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ThreadCount };
        Parallel.For(0, m, parallel, i =>
        {
            ReadOnlySpan<T> rowA = packedA.AsSpan(i * k, k);
            Span<T> rowC = result.AsSpan(i * n, n);
            for (int j0 = 0; j0 < n; j0 += ColumnBlock)
                for (int j = j0; j < Math.Min(n, j0 + ColumnBlock); j++)
                    rowC[j] = TensorPrimitives.Dot<T>(rowA, packedB.AsSpan(j * k, k));
        });
        for (int i = 0; i < m; i++)
        {
            Span<T> target = c.Slice(i * ldc, n);
            ReadOnlySpan<T> product = result.AsSpan(i * n, n);
            for (int j = 0; j < n; j++)
                target[j] = T.IsZero(beta) ? alpha * product[j] : alpha * product[j] + beta * target[j];
        }
    }

    /// <summary>Copies rows x cols of the operand into a dense row-major array, transposing when asked.</summary>
    private static T[] Pack<T>(ReadOnlySpan<T> source, int stride, bool transpose, int rows, int cols) where T : unmanaged
    {
        var packed = new T[(long)rows * cols];
        for (int r = 0; r < rows; r++)
            for (int col = 0; col < cols; col++)
                packed[r * cols + col] = transpose ? source[col * stride + r] : source[r * stride + col];
        return packed;
    }
}

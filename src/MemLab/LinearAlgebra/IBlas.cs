namespace MemLab.LinearAlgebra;

/// <summary>
/// The dense linear-algebra kernels memlab needs, in BLAS terms, on row-major matrices. One interface for
/// every backend (OpenBLAS through P/Invoke, a managed fallback), so code and tests are written once.
/// </summary>
public interface IBlas
{
    /// <summary>Short backend id: "openblas" or "managed".</summary>
    string Name { get; }

    /// <summary>Threads this backend uses for one call.</summary>
    int ThreadCount { get; }

    /// <summary>A one-line account of the live backend (library, version, CPU kernel, threads), for reports.</summary>
    string Describe();

    /// <summary>
    /// SGEMM: C = alpha op(A) op(B) + beta C in float32, row-major. op(A) is m x k, op(B) is k x n, C is m x n;
    /// lda, ldb, ldc are the row strides of A, B, C as stored. With beta = 0, C need not be initialized.
    /// </summary>
    void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    /// <summary>DGEMM: the float64 counterpart of <see cref="Sgemm"/>.</summary>
    void Dgemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);
}

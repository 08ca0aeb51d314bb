using MathNet.Numerics.LinearAlgebra;

namespace MemLab.LinearAlgebra;

/// <summary>
/// The eigenvalues of a dense symmetric matrix: through LAPACK's dsyevd (Householder tridiagonalization, then the
/// root-free QR of dsterf; O(n^3), about 4/3 n^3 flops) when the backend is OpenBLAS with its bundled LAPACK, else
/// through MathNet's managed symmetric eigensolver (the same algorithm, slower).
/// </summary>
public static class SymmetricEigenvalues
{
    /// <summary>The eigenvalues of the symmetric n x n matrix <paramref name="matrix"/>, ascending. The array is destroyed.</summary>
    /// <param name="matrix">n x n entries, row-major (the same as column-major, the matrix being symmetric); only the lower triangle is read by LAPACK.</param>
    /// <param name="n">The order.</param>
    /// <param name="blas">The backend; OpenBLAS with LAPACK takes the fast path.</param>
    /// <exception cref="ArgumentException">The array is not n x n.</exception>
    public static double[] Of(double[] matrix, int n, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(blas);
        if (matrix.Length != (long)n * n) throw new ArgumentException($"A symmetric {n} x {n} matrix has {(long)n * n} entries; got {matrix.Length}.", nameof(matrix));
        var eigenvalues = new double[n];
        if (n == 0) return eigenvalues;
        if (blas is OpenBlas openBlas && openBlas.TrySymmetricEigenvalues(matrix, n, eigenvalues)) return eigenvalues;
        var evd = Matrix<double>.Build.Dense(n, n, matrix).Evd(Symmetricity.Symmetric);
        for (int i = 0; i < n; i++) eigenvalues[i] = evd.EigenValues[i].Real;
        Array.Sort(eigenvalues);
        return eigenvalues;
    }
}

using System.Numerics.Tensors;
using MemLab.LinearAlgebra;

namespace MemLab.Constructions.Slabs;

/// <summary>
/// LU factorization with partial pivoting of a dense n x n float64 matrix (row-major, in place), blocked so that
/// almost all of its 2n^3/3 flops are one <see cref="IBlas.Dgemm"/> trailing update per block of
/// <see cref="Block"/> columns (the right-looking algorithm of LAPACK's dgetrf); and the triangular solves for a
/// few right-hand sides. The slab constructions solve one such system per group of points, so this is their
/// inner loop.
/// </summary>
internal static class BlockedLu
{
    /// <summary>Columns per panel: the panel and triangular-solve work is managed code, the rest is one GEMM per panel.</summary>
    private const int Block = 64;

    /// <summary>
    /// Overwrites <paramref name="a"/> with L (unit lower, below the diagonal) and U (upper), P A = L U, and
    /// records the row swaps in <paramref name="pivots"/> (row j was swapped with row pivots[j]).
    /// </summary>
    /// <returns>False when a pivot column is exactly zero (the matrix is singular); the factors are then incomplete.</returns>
    public static bool Factor(double[] a, int n, int[] pivots, IBlas blas)
    {
        var swap = new double[n];
        for (int k0 = 0; k0 < n; k0 += Block)
        {
            int end = Math.Min(k0 + Block, n);
            for (int j = k0; j < end; j++)
            {
                int pivot = j;
                double largest = Math.Abs(a[(long)j * n + j]);
                for (int i = j + 1; i < n; i++)
                {
                    double value = Math.Abs(a[(long)i * n + j]);
                    if (value > largest) (largest, pivot) = (value, i);
                }
                pivots[j] = pivot;
                if (largest == 0) return false;
                if (pivot != j)
                {
                    a.AsSpan(j * n, n).CopyTo(swap);
                    a.AsSpan(pivot * n, n).CopyTo(a.AsSpan(j * n, n));
                    swap.CopyTo(a.AsSpan(pivot * n, n));
                }
                double inverse = 1.0 / a[(long)j * n + j];
                int width = end - j - 1;
                ReadOnlySpan<double> pivotRow = a.AsSpan(j * n + j + 1, width);
                for (int i = j + 1; i < n; i++)
                {
                    double l = a[(long)i * n + j] * inverse;
                    a[(long)i * n + j] = l;
                    if (width > 0 && l != 0)
                    {
                        Span<double> row = a.AsSpan(i * n + j + 1, width);
                        TensorPrimitives.MultiplyAdd(pivotRow, -l, row, row);
                    }
                }
            }
            if (end == n) continue;
            int rest = n - end;
            // U12 = L11^-1 A12, row by row.
            for (int j = k0; j < end; j++)
            {
                ReadOnlySpan<double> source = a.AsSpan(j * n + end, rest);
                for (int i = j + 1; i < end; i++)
                {
                    double l = a[(long)i * n + j];
                    if (l == 0) continue;
                    Span<double> row = a.AsSpan(i * n + end, rest);
                    TensorPrimitives.MultiplyAdd(source, -l, row, row);
                }
            }
            // A22 -= L21 U12: the three blocks are disjoint parts of the same array.
            blas.Dgemm(Transpose.No, Transpose.No, rest, rest, end - k0, -1.0,
                a.AsSpan(end * n + k0), n, a.AsSpan(k0 * n + end), n, 1.0, a.AsSpan(end * n + end), n);
        }
        return true;
    }

    /// <summary>
    /// Solves A x = b for each of <paramref name="columns"/> right-hand sides, given the factors from
    /// <see cref="Factor"/>. <paramref name="rhs"/> holds the right-hand sides one after another (column-major,
    /// n values each) and is overwritten with the solutions.
    /// </summary>
    public static void Solve(double[] a, int n, int[] pivots, double[] rhs, int columns)
    {
        for (int c = 0; c < columns; c++)
        {
            Span<double> x = rhs.AsSpan(c * n, n);
            for (int j = 0; j < n; j++)
                if (pivots[j] != j) (x[j], x[pivots[j]]) = (x[pivots[j]], x[j]);
            for (int i = 1; i < n; i++)
                x[i] -= TensorPrimitives.Dot(a.AsSpan(i * n, i), x[..i]);
            for (int i = n - 1; i >= 0; i--)
                x[i] = (x[i] - TensorPrimitives.Dot(a.AsSpan(i * n + i + 1, n - i - 1), x.Slice(i + 1))) / a[(long)i * n + i];
        }
    }
}

using System.Numerics;
using System.Numerics.Tensors;

namespace MemLab.LinearAlgebra;

/// <summary>
/// The C = beta C part of a GEMM, row by row over the m x n block of C (row-major, stride ldc): with beta = 0, C is
/// overwritten (it need not be initialized, as BLAS specifies). Used where A and B must not be read: memlab's managed
/// GEMM before its products, and both backends when alpha = 0 (OpenBLAS's SkylakeX kernel reads them anyway, so a NaN
/// there reached C).
/// </summary>
internal static class GemmBeta
{
    public static void Scale<T>(Span<T> c, int m, int n, int ldc, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            if (T.IsZero(beta)) row.Clear();
            else if (beta != T.One) TensorPrimitives.Multiply(row, beta, row);
        }
    }
}

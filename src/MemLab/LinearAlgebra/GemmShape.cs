namespace MemLab.LinearAlgebra;

/// <summary>Checks GEMM arguments before any backend touches memory, so a wrong stride fails loudly instead of reading out of bounds.</summary>
internal static class GemmShape
{
    public static void Check(Transpose transA, Transpose transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        // Stored shapes (row-major): A is m x k or k x m, B is k x n or n x k.
        (int aRows, int aCols) = transA == Transpose.No ? (m, k) : (k, m);
        (int bRows, int bCols) = transB == Transpose.No ? (k, n) : (n, k);
        CheckOperand("A", aRows, aCols, aLength, lda);
        CheckOperand("B", bRows, bCols, bLength, ldb);
        CheckOperand("C", m, n, cLength, ldc);
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int stride)
    {
        if (stride < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(name, $"Row stride {stride} of {name} is smaller than its {cols} columns.");
        long needed = rows == 0 ? 0 : (long)(rows - 1) * stride + cols;
        if (length < needed)
            throw new ArgumentException($"{name} holds {length} values but a {rows} x {cols} matrix with stride {stride} needs {needed}.", name);
    }
}

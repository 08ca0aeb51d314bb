namespace MemLab.LinearAlgebra;

/// <summary>Whether a GEMM operand is used as stored or transposed (BLAS's TRANS argument).</summary>
public enum Transpose
{
    /// <summary>Use the matrix as stored.</summary>
    No,
    /// <summary>Use its transpose.</summary>
    Yes,
}

namespace MemLab.Networks;

/// <summary>The floating-point type a <see cref="ForwardPass"/> computes in.</summary>
public enum Precision
{
    /// <summary>float32 (SGEMM): weights are rounded to float once per call; about twice as fast, for bulk evaluation.</summary>
    Float32,
    /// <summary>float64 (DGEMM): inputs are widened exactly; the precision <see cref="Verification"/> uses.</summary>
    Float64,
}

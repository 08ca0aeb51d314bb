namespace MemLab.LinearAlgebra;

/// <summary>Which linear-algebra backend to use (the CLI's --blas).</summary>
public enum BlasChoice
{
    /// <summary>OpenBLAS when it loads, otherwise the managed fallback (the reason is reported).</summary>
    Auto,
    /// <summary>OpenBLAS, or a <see cref="MemLabException"/> saying why it cannot be loaded.</summary>
    OpenBlas,
    /// <summary>The managed implementation (packed panels with Vector/// <summary>The managed implementation (System.Numerics.Tensors); about 10x slower, always available.</summary>lt;T/// <summary>The managed implementation (System.Numerics.Tensors); about 10x slower, always available.</summary>gt;); 2.5-6x slower than OpenBLAS on matrix products, always available.</summary>
    Managed,
}

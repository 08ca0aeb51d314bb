namespace MemLab.LinearAlgebra;

/// <summary>The ways <see cref="AndPopcount"/> can count popcount(u &amp; row); all give the same integers.</summary>
internal enum PopcountKernel
{
    /// <summary>One POPCNT per 64-bit word: any CPU, any width.</summary>
    Scalar,

    /// <summary>Managed AVX2: four rows at a time, 256 bits through a nibble table; rows of at least four words.</summary>
    Avx2,

    /// <summary>Native AVX-512 VPOPCNTDQ (<see cref="Native.NativePopcount"/>): eight rows at a time, one instruction per 512 bits.</summary>
    Avx512,
}

using MemLab.LinearAlgebra.Native;

namespace MemLab.LinearAlgebra;

/// <summary>
/// Which popcount kernel counts the integer inner products of bit codes in this process (the Finke construction's
/// cover and the popcount layers of its verification): the native AVX-512 VPOPCNTDQ kernel, or a managed one with the
/// reason the native one is not used. Every kernel gives the same integers; only the speed differs.
/// </summary>
public static class PopcountBackend
{
    /// <summary>One line for <c>memlab info</c> and bug reports: the kernel used for rows of 500 bits, and why not the native one where it is not used.</summary>
    public static string Describe() => AndPopcount.Fastest(8) switch
    {
        PopcountKernel.Avx512 => $"AVX-512 VPOPCNTDQ (native {NativePopcount.LibraryName}; {NativePopcount.SwitchVariable}=0 turns it off)",
        PopcountKernel.Avx2 => $"AVX2 (managed; no native kernel: {NativePopcount.UnavailableReason})",
        _ => $"scalar POPCNT (managed; no native kernel: {NativePopcount.UnavailableReason})",
    };
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MemLab.LinearAlgebra.Native;

/// <summary>
/// The integer screen of native/pairs.c in libmemlab_popcount.so (built beside MemLab.dll where gcc was present): one
/// point's exact integer sums against a slice of 64 units' int16 weights, two 8-bit inputs per VPDPWSSD lane (AVX-512
/// VNNI, which .NET exposes no 512-bit intrinsic for on CPUs without AVX10), each sum screened against its error band in
/// float64. <see cref="Networks.PairFirstLayer"/> is its caller. It is used only when the library loads, the CPU has
/// AVX-512F, AVX-512BW and AVX-512 VNNI, and MEMLAB_NATIVE_PAIRS is not 0; otherwise memlab screens in float32.
/// </summary>
internal static unsafe class NativePairScreen
{
    /// <summary>The environment variable that turns the integer screen off when set to 0.</summary>
    public const string SwitchVariable = "MEMLAB_NATIVE_PAIRS";

    private static readonly Lazy<nint> Entry = new(() => TryLoad(
        Environment.GetEnvironmentVariable(SwitchVariable),
        Path.Combine(AppContext.BaseDirectory, NativePopcount.LibraryName),
        Path.Combine(Path.GetDirectoryName(typeof(NativePairScreen).Assembly.Location) ?? "", NativePopcount.LibraryName)));

    /// <summary>Whether the integer screen is used in this process.</summary>
    public static bool IsAvailable => Entry.Value != 0;

    /// <summary>
    /// Screens one point (its <paramref name="count"/> nonzero coordinate pairs: pair indices and packed inputs) against
    /// one slice of 64 units (see native/pairs.c for the layouts and the band). Only when <see cref="IsAvailable"/>.
    /// </summary>
    public static void Screen(short* slice, int* pairs, int* values, int count, double* units, double e1, double cp1,
        double normX, double g, double widen, ulong* positive, ulong* unclear) =>
        ((delegate* unmanaged[SuppressGCTransition]<short*, int*, int*, int, double*, double, double, double, double, double, ulong*, ulong*, void>)Entry.Value)(
            slice, pairs, values, count, units, e1, cp1, normX, g, widen, positive, unclear);

    /// <summary>Whether the CPU has AVX-512 VNNI (CPUID leaf 7, sub-leaf 0, ECX bit 11) beside AVX-512F and BW, which the OS must have enabled.</summary>
    public static bool CpuSupportsVnni => Avx512F.IsSupported && Avx512BW.IsSupported && (X86Base.CpuId(7, 0).Ecx & (1 << 11)) != 0;

    /// <summary>Checks the switch and the CPU, then returns the entry point of the first candidate file that opens and exports it (0: none).</summary>
    internal static nint TryLoad(string? switchValue, params string[] candidates)
    {
        if (switchValue == "0" || !CpuSupportsVnni) return 0;
        foreach (string candidate in candidates.Distinct())
        {
            if (!File.Exists(candidate) || !NativeLibrary.TryLoad(candidate, out nint handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "memlab_pairs_screen", out nint screen)) return screen;
            NativeLibrary.Free(handle);
        }
        return 0;
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MemLab.LinearAlgebra.Native;

/// <summary>
/// The native popcount kernel: <c>memlab_and_popcount</c> in libmemlab_popcount.so, built from native/popcount.c beside
/// MemLab.dll where gcc was present at build time. It counts popcount(u &amp; row) a 512-bit chunk per instruction
/// (AVX-512 VPOPCNTDQ, which .NET exposes no intrinsic for) and gives the same integers as the managed kernels of
/// <see cref="AndPopcount"/>. It is used only when the library loads, the CPU has AVX-512F and VPOPCNTDQ, and
/// MEMLAB_NATIVE_POPCOUNT is not 0; otherwise <see cref="UnavailableReason"/> says why.
/// </summary>
internal static unsafe class NativePopcount
{
    /// <summary>The environment variable that turns the native kernel off when set to 0.</summary>
    public const string SwitchVariable = "MEMLAB_NATIVE_POPCOUNT";

    /// <summary>The library's file name, beside MemLab.dll.</summary>
    public const string LibraryName = "libmemlab_popcount.so";

    // Loaded at most once per process; the attempt, success or failure, is kept (as for OpenBLAS).
    private static readonly Lazy<LoadAttempt> ProcessAttempt = new(() => TryLoad(
        Environment.GetEnvironmentVariable(SwitchVariable),
        Path.Combine(AppContext.BaseDirectory, LibraryName),
        Path.Combine(Path.GetDirectoryName(typeof(NativePopcount).Assembly.Location) ?? "", LibraryName)));

    /// <summary>The entry point, or why there is none.</summary>
    internal readonly record struct LoadAttempt(nint Function, string? Reason);

    /// <summary>Whether the native kernel is used in this process.</summary>
    public static bool IsAvailable => ProcessAttempt.Value.Function != 0;

    /// <summary>Why the native kernel is not used (null when it is): to say once to the user.</summary>
    public static string? UnavailableReason => ProcessAttempt.Value.Reason;

    /// <summary>
    /// products[j - start] = popcount(u &amp; row) over the <paramref name="words"/> words of row <c>rows[j]</c> of
    /// <paramref name="codes"/>, for j in [start, end). Only when <see cref="IsAvailable"/>. The call is short (a tile
    /// of rows or one layer's units) and touches no managed object, so it skips the GC transition.
    /// </summary>
    public static void Products(ulong* u, ulong* codes, int* rows, int start, int end, int words, int* products) =>
        ((delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, int*, int, int, int, int*, void>)ProcessAttempt.Value.Function)(
            u, codes, rows, start, end, words, products);

    /// <summary>Whether the CPU has AVX-512 VPOPCNTDQ: CPUID leaf 7, sub-leaf 0, ECX bit 14 (and AVX-512F, which the OS must have enabled).</summary>
    public static bool CpuSupportsVpopcntdq => Avx512F.IsSupported && (X86Base.CpuId(7, 0).Ecx & (1 << 14)) != 0;

    /// <summary>Checks the switch and the CPU, then loads the first candidate file that opens and exports the kernel.</summary>
    internal static LoadAttempt TryLoad(string? switchValue, params string[] candidates)
    {
        if (switchValue == "0")
            return new(0, $"{SwitchVariable}=0 turns it off");
        if (!CpuSupportsVpopcntdq)
            return new(0, "this CPU has no AVX-512 VPOPCNTDQ");
        foreach (string candidate in candidates.Distinct())
        {
            if (!File.Exists(candidate) || !NativeLibrary.TryLoad(candidate, out nint handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "memlab_and_popcount", out nint function)) return new(function, null);
            NativeLibrary.Free(handle);
        }
        return new(0, $"{LibraryName} was not built beside MemLab.dll (no gcc at build time, or not Linux x64)");
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MemLab.LinearAlgebra.Native;

/// <summary>
/// The native popcount kernel in libmemlab_popcount.so, built from native/popcount.c beside MemLab.dll where gcc was
/// present at build time: it copies rows of a bit table into a tile, transposed in groups of eight rows, and counts
/// popcount(u &amp; row) for eight rows per instruction (AVX-512 VPOPCNTDQ, which .NET exposes no intrinsic for),
/// giving the same integers as the managed kernels of <see cref="AndPopcount"/>. <see cref="PopcountTile"/> is its
/// caller. It is used only when the library loads, the CPU has AVX-512F and VPOPCNTDQ, and MEMLAB_NATIVE_POPCOUNT is
/// not 0; otherwise <see cref="UnavailableReason"/> says why.
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

    /// <summary>The four entry points (tile load, tile products, two-row products, two-row threshold firing), or why there are none.</summary>
    internal readonly record struct LoadAttempt(nint Load, nint Products, nint Products2, nint Firing2, string? Reason);

    /// <summary>Whether the native kernel is used in this process.</summary>
    public static bool IsAvailable => ProcessAttempt.Value.Products != 0;

    /// <summary>Why the native kernel is not used (null when it is): to say once to the user.</summary>
    public static string? UnavailableReason => ProcessAttempt.Value.Reason;

    /// <summary>
    /// The words a tile of <paramref name="rows"/> rows of <paramref name="words"/> words takes: whole groups of eight
    /// rows, each word of a group one 512-bit vector.
    /// </summary>
    public static long TileWords(int rows, int words) => (rows + 7L) / 8 * 8 * words;

    /// <summary>
    /// Copies rows <c>rows[start]</c> .. <c>rows[end - 1]</c> of <paramref name="codes"/> into <paramref name="tile"/>
    /// (<see cref="TileWords"/> words), transposed in groups of eight, the rows that fill the last group zero. Only when
    /// <see cref="IsAvailable"/>.
    /// </summary>
    public static void LoadTile(ulong* codes, int* rows, int start, int end, int words, ulong* tile) =>
        ((delegate* unmanaged[SuppressGCTransition]<ulong*, int*, int, int, int, ulong*, void>)ProcessAttempt.Value.Load)(
            codes, rows, start, end, words, tile);

    /// <summary>
    /// products[j - first] = popcount(u &amp; row j of the tile) for j in [first, end): <paramref name="first"/> a
    /// multiple of 8, the tile 64-byte aligned. Only when <see cref="IsAvailable"/>. The calls are short (at most a
    /// layer's units) and touch no managed object, so they skip the GC transition.
    /// </summary>
    public static void TileProducts(ulong* u, ulong* tile, int first, int end, int words, int* products) =>
        ((delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, int, int, int, int*, void>)ProcessAttempt.Value.Products)(
            u, tile, first, end, words, products);

    /// <summary>
    /// <see cref="TileProducts"/> for two rows u and v at once (each word of the tile is loaded once for both; see
    /// native/popcount.c for what that saved where it was measured), into <paramref name="productsU"/> and <paramref name="productsV"/>.
    /// </summary>
    public static void TileProducts2(ulong* u, ulong* v, ulong* tile, int first, int end, int words, int* productsU, int* productsV) =>
        ((delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, int, int, int, int*, int*, void>)ProcessAttempt.Value.Products2)(
            u, v, tile, first, end, words, productsU, productsV);

    /// <summary>
    /// The threshold outputs of the tile's rows [first, end) (a popcount layer's units) at two input rows u and v: bit
    /// j - first of <paramref name="bitsU"/> (of <paramref name="bitsV"/> for v) is ORed in when popcount(u &amp; row j)
    /// &lt; thresholds[j - first] (&gt; when <paramref name="increasing"/>), the counts compared in registers, never
    /// stored. <paramref name="first"/> a multiple of 8 (of 64 when calls share a word), the tile 64-byte aligned, the
    /// two outputs apart. Only when <see cref="IsAvailable"/>.
    /// </summary>
    public static void TileFiring2(ulong* u, ulong* v, ulong* tile, int first, int end, int words, int* thresholds, bool increasing, ulong* bitsU, ulong* bitsV) =>
        ((delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, int, int, int, int*, int, ulong*, ulong*, void>)ProcessAttempt.Value.Firing2)(
            u, v, tile, first, end, words, thresholds, increasing ? 1 : 0, bitsU, bitsV);

    /// <summary>Whether the CPU has AVX-512 VPOPCNTDQ: CPUID leaf 7, sub-leaf 0, ECX bit 14 (and AVX-512F, which the OS must have enabled).</summary>
    public static bool CpuSupportsVpopcntdq => Avx512F.IsSupported && (X86Base.CpuId(7, 0).Ecx & (1 << 14)) != 0;

    /// <summary>Checks the switch and the CPU, then loads the first candidate file that opens and exports the kernel.</summary>
    internal static LoadAttempt TryLoad(string? switchValue, params string[] candidates)
    {
        if (switchValue == "0")
            return new(0, 0, 0, 0, $"{SwitchVariable}=0 turns it off");
        if (!CpuSupportsVpopcntdq)
            return new(0, 0, 0, 0, "this CPU has no AVX-512 VPOPCNTDQ");
        foreach (string candidate in candidates.Distinct())
        {
            if (!File.Exists(candidate) || !NativeLibrary.TryLoad(candidate, out nint handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "memlab_popcount_tile_load", out nint load)
                && NativeLibrary.TryGetExport(handle, "memlab_popcount_tile_products", out nint products)
                && NativeLibrary.TryGetExport(handle, "memlab_popcount_tile_products2", out nint products2)
                && NativeLibrary.TryGetExport(handle, "memlab_popcount_tile_firing2", out nint firing2))
                return new(load, products, products2, firing2, null);
            NativeLibrary.Free(handle);
        }
        return new(0, 0, 0, 0, $"{LibraryName} was not built beside MemLab.dll (no gcc at build time, or not Linux x64)");
    }
}

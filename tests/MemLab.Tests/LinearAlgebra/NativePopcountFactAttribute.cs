using MemLab.LinearAlgebra.Native;

namespace MemLab.Tests.LinearAlgebra;

/// <summary>
/// A fact that needs the native AVX-512 popcount kernel. Where it is not used (no gcc at build time, a CPU without
/// VPOPCNTDQ, MEMLAB_NATIVE_POPCOUNT=0) the test is skipped with that reason, so the missing coverage shows in the test
/// report; with MEMLAB_REQUIRE_NATIVE_POPCOUNT=1 it runs anyway and fails.
/// </summary>
public sealed class NativePopcountFactAttribute : FactAttribute
{
    /// <summary>Skips the test, with the reason the native kernel is not used, unless it is used or required.</summary>
    public NativePopcountFactAttribute()
    {
        bool required = Environment.GetEnvironmentVariable("MEMLAB_REQUIRE_NATIVE_POPCOUNT") == "1";
        if (!required && !NativePopcount.IsAvailable)
            Skip = $"The native popcount kernel is not used here ({NativePopcount.UnavailableReason}); the managed kernels were tested alone. Set MEMLAB_REQUIRE_NATIVE_POPCOUNT=1 to make this a failure.";
    }
}

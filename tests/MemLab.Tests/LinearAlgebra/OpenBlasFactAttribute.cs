using MemLab.LinearAlgebra.Native;

namespace MemLab.Tests.LinearAlgebra;

/// <summary>
/// A fact that needs OpenBLAS. Where OpenBLAS cannot be loaded it is skipped with the reason, so the missing
/// coverage shows in the test report; with MEMLAB_REQUIRE_OPENBLAS=1 (set by CI) it runs anyway and fails.
/// </summary>
public sealed class OpenBlasFactAttribute : FactAttribute
{
    /// <summary>Skips the test, with the load failure as the reason, unless OpenBLAS loads or is required.</summary>
    public OpenBlasFactAttribute()
    {
        bool required = Environment.GetEnvironmentVariable("MEMLAB_REQUIRE_OPENBLAS") == "1";
        if (!required && !OpenBlasLibrary.TryGetForProcess(out _, out string? reason))
            Skip = $"OpenBLAS cannot be loaded here ({reason}); the openblas cases of IBlasTests were left out too. Set MEMLAB_REQUIRE_OPENBLAS=1 to make this a failure.";
    }
}

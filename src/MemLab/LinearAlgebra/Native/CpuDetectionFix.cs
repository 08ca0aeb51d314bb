using System.Runtime.Intrinsics.X86;

namespace MemLab.LinearAlgebra.Native;

/// <summary>
/// Works around OpenBLAS 0.3.21 (Debian 12) misdetecting AVX-512 CPUs as "Prescott", which costs it a factor of
/// 5-9 in GEMM speed, by setting OPENBLAS_CORETYPE=SkylakeX before the library is loaded.
/// </summary>
/// <remarks>
/// This is the one place where memlab sets an environment variable (NativePopcount only reads MEMLAB_NATIVE_POPCOUNT). It has to: OpenBLAS picks its CPU kernel from
/// OPENBLAS_CORETYPE in its load-time constructor and offers no call to change it afterwards. The variable is set in
/// the native environment through libc setenv because .NET's Environment.SetEnvironmentVariable only updates the
/// runtime's own copy, which native getenv never sees. A value the user already set is left alone. setenv is not
/// safe against a concurrent getenv on another thread; it runs once, from the single process-wide load.
/// </remarks>
internal static class CpuDetectionFix
{
    private const string Variable = "OPENBLAS_CORETYPE";
    private const string CoreForAvx512 = "SkylakeX";

    /// <summary>Applies the fix when it is needed and possible; returns a note saying what was done, for Describe().</summary>
    public static string Apply()
    {
        if (!Avx512F.IsSupported) return "no CPU-detection fix needed";
        if (!LibC.IsAvailable)
            return $"AVX-512 CPU; memlab cannot set {Variable} on this OS, set {Variable}={CoreForAvx512} yourself if the core shows Prescott";
        string? current = LibC.GetEnvironmentVariable(Variable);
        if (current is not null) return $"{Variable}={current} from the environment";
        return LibC.SetEnvironmentVariable(Variable, CoreForAvx512)
            ? $"{Variable}={CoreForAvx512} set by memlab for this AVX-512 CPU"
            : $"AVX-512 CPU; setting {Variable}={CoreForAvx512} failed, set it yourself if the core shows Prescott";
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using MemLab.LinearAlgebra;
using MemLab.LinearAlgebra.Native;

namespace MemLab.Tests.LinearAlgebra;

[Collection(TestBackends.OpenBlasCollection)]
public class OpenBlasTests
{
    [OpenBlasFact]
    public void TryLoad_OnThisMachine_Succeeds()
    {
        bool loaded = OpenBlas.TryLoad(TestBackends.Threads, out var blas, out string? reason);
        Assert.True(loaded, reason);
        Assert.Equal("openblas", blas!.Name);
    }

    [OpenBlasFact]
    public void TryLoad_GivenThreadCount_SetsOpenBlasThreadsProcessWide()
    {
        OpenBlas one = OpenBlas.Load(1);
        Assert.Equal(1, one.ThreadCount);
        OpenBlas two = OpenBlas.Load(2);
        Assert.Equal(2, two.ThreadCount);
        Assert.Equal(2, one.ThreadCount);
    }

    [OpenBlasFact]
    public void TryLoad_MoreThreadsThanOpenBlasAllows_ThrowsInvalidOptionsAndKeepsThreadCount()
    {
        int before = OpenBlas.Load(TestBackends.Threads).ThreadCount;
        var e = Assert.Throws<MemLabException>(() => OpenBlas.TryLoad(100_000, out _, out _));
        Assert.Equal(MemLabErrorKind.InvalidOptions, e.Kind);
        Assert.Contains("100000", e.Message);
        Assert.Equal(before, OpenBlas.Load(TestBackends.Threads).ThreadCount);
    }

    [OpenBlasFact]
    public void Describe_LoadedLibrary_NamesVersionCoreThreadsAndAnExistingFile()
    {
        string description = OpenBlas.Load(TestBackends.Threads).Describe();
        Assert.True(OpenBlasLibrary.TryGetForProcess(out var library, out _));
        Assert.StartsWith("OpenBLAS 0.", description);
        Assert.Contains($"core {library.CoreName}, 2 threads, {library.Path}; {library.CpuDetectionNote})", description);
        Assert.True(File.Exists(library.Path), $"{library.Path} does not exist");
        // The point of the CPU-detection fix: AVX-512 machines must not run the generic Prescott kernels.
        if (Avx512F.IsSupported) Assert.NotEqual("Prescott", library.CoreName);
    }

    [Fact]
    public void TryLoad_NoCandidateExists_ReasonNamesCandidatesAndFix()
    {
        var attempt = OpenBlasLibrary.TryLoad(["libmemlab-no-such-openblas.so.0", "/nonexistent/libopenblas.so.0"]);
        Assert.Null(attempt.Library);
        Assert.Contains("tried libmemlab-no-such-openblas.so.0, /nonexistent/libopenblas.so.0", attempt.FailureReason);
        Assert.Contains("install", attempt.FailureReason);
    }

    [Fact]
    public void TryLoad_LibraryWithoutCblas_ReasonNamesMissingExport()
    {
        // A native library that exists wherever .NET runs but is not OpenBLAS.
        string foreign = OperatingSystem.IsWindows() ? "kernel32.dll"
            : Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), OperatingSystem.IsMacOS() ? "libSystem.Native.dylib" : "libSystem.Native.so");
        var attempt = OpenBlasLibrary.TryLoad([foreign]);
        Assert.Null(attempt.Library);
        Assert.Contains($"{foreign} loaded but does not export cblas_sgemm", attempt.FailureReason);
    }

    [Fact]
    public void Unavailable_Reason_IsBackendUnavailableWithReasonAndManagedAlternative()
    {
        var e = OpenBlas.Unavailable("OpenBLAS not found (tried libopenblas.so.0); install libopenblas0-pthread");
        Assert.Equal(MemLabErrorKind.BackendUnavailable, e.Kind);
        Assert.Contains("tried libopenblas.so.0", e.Message);
        Assert.Contains("--blas managed", e.Message);
    }
}

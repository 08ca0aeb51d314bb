using MemLab.LinearAlgebra;
using MemLab.LinearAlgebra.Native;

namespace MemLab.Tests.LinearAlgebra;

[Collection(TestBackends.OpenBlasCollection)]
public class BlasBackendTests
{
    [Fact]
    public void Resolve_Managed_GivesManagedWithRequestedThreads()
    {
        BlasResolution resolution = BlasBackend.Resolve(BlasChoice.Managed, 3);
        Assert.IsType<ManagedBlas>(resolution.Blas);
        Assert.Equal(3, resolution.Blas.ThreadCount);
        Assert.Null(resolution.FallbackReason);
    }

    [Theory]
    [InlineData(BlasChoice.Managed)]
    [InlineData(BlasChoice.Auto)]
    public void Resolve_NoThreadCount_UsesEveryCoreUpToTheBackendLimit(BlasChoice choice)
    {
        BlasResolution resolution = BlasBackend.Resolve(choice);
        Assert.InRange(resolution.Blas.ThreadCount, 1, Environment.ProcessorCount);
        if (resolution.Blas is ManagedBlas) Assert.Equal(Environment.ProcessorCount, resolution.Blas.ThreadCount);
    }

    [Fact]
    public void Resolve_Auto_GivesOpenBlasWhenItLoadsElseManagedWithTheReason()
    {
        BlasResolution resolution = BlasBackend.Resolve(BlasChoice.Auto, TestBackends.Threads);
        if (OpenBlasLibrary.TryGetForProcess(out _, out string? reason))
        {
            Assert.IsType<OpenBlas>(resolution.Blas);
            Assert.Null(resolution.FallbackReason);
        }
        else
        {
            Assert.IsType<ManagedBlas>(resolution.Blas);
            Assert.Equal(reason, resolution.FallbackReason);
        }
    }

    [OpenBlasFact]
    public void Resolve_AutoWithOpenBlasInstalled_GivesOpenBlas()
    {
        BlasResolution resolution = BlasBackend.Resolve(BlasChoice.Auto, TestBackends.Threads);
        Assert.Equal("openblas", resolution.Blas.Name);
        Assert.Equal(TestBackends.Threads, resolution.Blas.ThreadCount);
    }

    [OpenBlasFact]
    public void Resolve_OpenBlas_GivesOpenBlas()
    {
        BlasResolution resolution = BlasBackend.Resolve(BlasChoice.OpenBlas, TestBackends.Threads);
        Assert.IsType<OpenBlas>(resolution.Blas);
        Assert.Null(resolution.FallbackReason);
    }

    [Theory]
    [InlineData(BlasChoice.Auto, 0)]
    [InlineData(BlasChoice.Managed, -4)]
    [InlineData(BlasChoice.OpenBlas, 0)]
    public void Resolve_ThreadCountBelowOne_ThrowsInvalidOptionsNamingIt(BlasChoice choice, int threads)
    {
        var e = Assert.Throws<MemLabException>(() => BlasBackend.Resolve(choice, threads));
        Assert.Equal(MemLabErrorKind.InvalidOptions, e.Kind);
        Assert.Contains($"got {threads}", e.Message);
    }
}

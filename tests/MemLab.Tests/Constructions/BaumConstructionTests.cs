using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Constructions;

public class BaumConstructionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec, string? dataDirectory = null) => DatasetLoader.Load(spec, new DataLoadContext(dataDirectory, Blas));

    private static BuildResult Build(Dataset data, ulong seed = 0, BaumOptions? options = null) =>
        new BaumConstruction(Blas).Build(data, options ?? new BaumOptions(), new Seed(seed));

    [Fact]
    public void Build_2000GaussianPointsInD20_SavedNetworkVerifiesAfterReload()
    {
        var data = Load("gaussian:n=2000,d=20,labels=random,seed=1");
        var result = Build(data, 3);
        Assert.True(result.Report.Memorized, $"failures: {string.Join(",", result.Report.Verification.FailureIndices)}");
        using var folder = new TempDirectory();
        string path = folder.File("baum.safetensors");
        NetworkFile.Save(result.Network, path);
        var reloaded = Verification.Verify(NetworkFile.Load(path), data, new ManagedBlas(1));
        Assert.True(reloaded.Memorized);
        Assert.Equal(0, reloaded.TieCount);
    }
}

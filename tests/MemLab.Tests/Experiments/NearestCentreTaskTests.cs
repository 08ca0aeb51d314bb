using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

public class NearestCentreTaskTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);
    private static readonly DataLoadContext Context = new(null, Blas);

    private static IReadOnlyDictionary<string, double?> Run(string spec, Dictionary<string, string> parameters) =>
        new NearestCentreTask().Run(new SweepTaskInput(DatasetLoader.Load(spec, Context), parameters, new Seed(1), Blas) { DataContext = Context });

    [Fact]
    public void Run_MoonsHoldout_MemorizesAndTestsOnTheHeldOutPart()
    {
        var metrics = Run("moons:n=600,noise=0.1,holdout=0.25,part=train,seed=2", []);
        Assert.Equal(1, metrics["memorized"]);
        Assert.True(metrics["test_accuracy"] >= 0.9, $"test accuracy {metrics["test_accuracy"]}");
        Assert.Equal(new NearestCentreTask().Metrics.Order(), metrics.Keys.Order());
    }

    [Fact]
    public void Run_PairOfMixtureClasses_KeepsOnlyThatPairAndLeavesMirroredCellsEmpty()
    {
        const string spec = "mixture:n=300,d=4,k=3,spread=0.2,holdout=0.3,part=train,seed=4";
        var pair = Run(spec, new() { ["first"] = "0", ["second"] = "2" });
        Assert.Equal(1, pair["memorized"]);
        Assert.True(pair["test_accuracy"] > 0.9);
        // Radius 0: every training point of the pair is a centre.
        int[] sizes = DatasetLoader.Load(spec, Context).ClassSizes();
        Assert.Equal(sizes[0] + sizes[2], Run(spec, new() { ["first"] = "0", ["second"] = "2", ["radius"] = "0" })["centres"]);
        var mirrored = Run(spec, new() { ["first"] = "2", ["second"] = "0" });
        Assert.All(mirrored.Values, value => Assert.Null(value));
    }

    [Fact]
    public void Run_PairNamingAMissingClass_ThrowsListingTheClasses()
    {
        var error = Assert.Throws<MemLabException>(() => Run("mixture:n=100,d=2,k=2,holdout=0.3,part=train", new() { ["first"] = "0", ["second"] = "5" }));
        Assert.Contains("valid classes", error.Message);
    }

    [Fact]
    public void Run_BadRadius_ThrowsNamingIt()
    {
        var error = Assert.Throws<MemLabException>(() => Run("moons:n=100,holdout=0.2,part=train", new() { ["radius"] = "huge" }));
        Assert.Contains("radius", error.Message);
    }
}

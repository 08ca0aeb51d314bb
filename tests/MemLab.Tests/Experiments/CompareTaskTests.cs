using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Experiments;

public class CompareTaskTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);
    private static readonly DataLoadContext Context = new(null, Blas);
    private const string Mixture = "mixture:n=300,d=4,k=3,spread=0.2,holdout=0.3,part=train,seed=4";

    private static IReadOnlyDictionary<string, double?> Run(string spec, Dictionary<string, string> parameters) =>
        new CompareTask().Run(new SweepTaskInput(DatasetLoader.Load(spec, Context), parameters, new Seed(1), Blas) { DataContext = Context });

    [Theory]
    [InlineData("nearest-centre")]
    [InlineData("yun")]
    [InlineData("bubeck")]
    [InlineData("finke")]
    public void Run_EachConstructionOnAPair_MemorizesAndTestsOnTheHeldOutPair(string model)
    {
        var metrics = Run(Mixture, new() { ["model"] = model, ["first"] = "0", ["second"] = "2", ["finke_width"] = "300", ["finke_lambda"] = "0" });
        Assert.Equal(1, metrics["memorized"]);
        Assert.Equal(0, metrics["failures"]);
        Assert.True(metrics["test_accuracy"] is > 0.5 and <= 1, $"{model}: test accuracy {metrics["test_accuracy"]}");
        Assert.True(metrics["parameters"] > 0 && metrics["width"] > 0);
        Assert.Equal(new CompareTask().Metrics.Order(), metrics.Keys.Order());
    }

    [Fact]
    public void Run_OneNearestNeighbour_MatchesTheLibraryOnTheSamePairAndCountsStoredCoordinates()
    {
        var metrics = Run(Mixture, new() { ["model"] = "1nn", ["first"] = "0", ["second"] = "2" });
        var train = Subsets.SelectClasses(DatasetLoader.Load(Mixture, Context), [0, 2]);
        var test = Subsets.SelectClasses(DatasetLoader.Load(HeldOutSpec.For(Mixture), Context), [0, 2]);
        Assert.Equal(NearestNeighbour.Accuracy(train, test, Blas), metrics["test_accuracy"]);
        Assert.Equal(train.SampleCount * 4.0, metrics["parameters"]);
        Assert.Null(metrics["width"]);
        Assert.Null(metrics["memorized"]);
    }

    [Fact]
    public void Run_MirroredPair_IsEmpty()
    {
        var metrics = Run(Mixture, new() { ["model"] = "yun", ["first"] = "2", ["second"] = "0" });
        Assert.All(metrics.Values, value => Assert.Null(value));
    }

    [Fact]
    public void Run_UnknownModel_ThrowsListingTheModels()
    {
        var error = Assert.Throws<MemLabException>(() => Run(Mixture, new() { ["model"] = "svm" }));
        Assert.Contains("model=svm", error.Message);
        Assert.Contains("nearest-centre, yun, bubeck, finke, 1nn", error.Message);
    }

    [Fact]
    public void CannedYuCompare_IsShippedAndValid()
    {
        var spec = CannedSweeps.Find("yu-compare");
        spec.Validate();
        Assert.Equal("compare", spec.Task);
        Assert.Equal(25, spec.Runs().Count);
        Assert.All(spec.Runs(), run => Assert.Contains("classes=", spec.DataSpecFor(run)));
    }
}

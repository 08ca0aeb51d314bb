using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

public class ClassicTaskTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);
    private static readonly DataLoadContext Context = new(null, Blas);

    private static SweepTaskInput Input(string spec, string construction) =>
        new(DatasetLoader.Load(spec, Context), new Dictionary<string, string> { ["construction"] = construction }, new Seed(3), Blas);

    [Theory]
    [InlineData("baum")]
    [InlineData("bubeck")]
    [InlineData("zhang")]
    [InlineData("yun")]
    public void Run_EachConstruction_RecordsWhatItsOwnTaskRecords(string construction)
    {
        const string spec = "gaussian:n=200,d=5,labels=random,seed=2";
        var metrics = new ClassicTask().Run(Input(spec, construction));
        var own = SweepTasks.Find(construction).Run(Input(spec, construction) with { Parameters = new Dictionary<string, string>() });
        Assert.Equal(1, metrics["memorized"]);
        Assert.Equal(0, metrics["failures"]);
        foreach (string name in new[] { "parameters", "hidden_units", "max_abs_weight" })
            Assert.Equal(own[name], metrics[name]);
        Assert.Equal(own["parameters"] / 200, metrics["parameters_per_point"]);
        Assert.Equal(new ClassicTask().Metrics.Order(), metrics.Keys.Order());
    }

    [Fact]
    public void Run_ZhangAboveTheCap_IsEmptyAndOthersStillBuild()
    {
        string spec = $"gaussian:n={ClassicTask.ZhangMaxPoints + 1},d=2,labels=random,seed=1";
        Assert.All(new ClassicTask().Run(Input(spec, "zhang")).Values, value => Assert.Null(value));
        var yun = new ClassicTask().Run(Input(spec, "yun"));
        Assert.NotNull(yun["memorized"]);
        Assert.True(yun["parameters"] > 0, "yun is not capped: it builds on the same data");
    }

    [Fact]
    public void Run_UnknownConstruction_ThrowsListingThem()
    {
        var error = Assert.Throws<MemLabException>(() => new ClassicTask().Run(Input("gaussian:n=20,d=2,labels=random", "finke")));
        Assert.Contains("construction=finke", error.Message);
        Assert.Contains("baum, bubeck, zhang, yun", error.Message);
    }

    [Fact]
    public void CannedClassicScaling_IsShippedValidAndCoversTheIssueGrid()
    {
        var spec = CannedSweeps.Find("classic-scaling");
        spec.Validate();
        Assert.Equal("classic", spec.Task);
        Assert.Equal(["100", "300", "1000", "3000", "10000", "30000", "100000"], spec.Grid.Single(p => p.Name == "n").Values);
        Assert.Equal(["10", "50", "784"], spec.Grid.Single(p => p.Name == "d").Values);
        Assert.Contains(ClassicTask.ZhangMaxPoints.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), spec.Description);
        Assert.All(spec.Runs().Take(3), run => DataSpec.Parse(spec.DataSpecFor(run)));
    }
}

using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

public class SlabTasksTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    private static SweepTaskInput Input(string spec, Dictionary<string, string>? parameters = null) =>
        new(DatasetLoader.Load(spec, new DataLoadContext(null, Blas)), parameters ?? [], new Seed(9), Blas);

    [Fact]
    public void BaumTask_RecordsWhatTheConstructionReports()
    {
        var input = Input("gaussian:n=400,d=8,labels=random,seed=1");
        var metrics = SweepTasks.Find("baum").Run(input);
        var report = new BaumConstruction(Blas).Build(input.Data, new BaumOptions(), input.Seed).Report;
        var position = ((BaumDetails)report.Details).GeneralPosition;
        Assert.Equal(1.0, metrics["memorized"]);
        Assert.Equal(report.ParameterCount, metrics["parameters"]);
        Assert.Equal(report.Widths[0], metrics["hidden_units"]);
        Assert.Equal(position.SmallestEps, metrics["smallest_eps"]);
        Assert.Equal(report.Verification.MinThresholdMargin!.Value, metrics["min_margin"]);
        Assert.Equal(SweepTasks.Find("baum").Metrics.Order(), metrics.Keys.Order());
    }

    [Fact]
    public void BubeckTask_RecordsMaxErrorForRealTargetsAndHonoursTheTolerance()
    {
        var rng = new Seed(2).CreateRng();
        var features = new float[300 * 5];
        rng.FillGaussian(features);
        var targets = Enumerable.Range(0, 300).Select(_ => rng.Uniform(-1, 1)).ToArray();
        var data = Dataset.Regression(features, 5, targets, new DatasetProvenance("test", "test"));
        var strict = new SweepTaskInput(data, new Dictionary<string, string> { ["tolerance"] = "0" }, new Seed(3), Blas);
        var metrics = SweepTasks.Find("bubeck").Run(strict);
        var report = new BubeckConstruction(Blas).Build(data, new BubeckOptions { Tolerance = 0 }, new Seed(3)).Report;
        Assert.Equal(report.Verification.MaxError, metrics["max_error"]);
        Assert.Equal(report.Verification.FailureCount, metrics["failures"]);
        Assert.Equal(0.0, metrics["memorized"]);
        Assert.Equal(SweepTasks.Find("bubeck").Metrics.Order(), metrics.Keys.Order());
    }

    [Theory]
    [InlineData("baum", "rounding_safety")]
    [InlineData("bubeck", "tolerance")]
    public void Run_ParameterNotANumber_InvalidSpecNamingIt(string task, string parameter)
    {
        var input = Input("gaussian:n=50,d=3,labels=random", new Dictionary<string, string> { [parameter] = "lots" });
        var error = Assert.Throws<MemLabException>(() => SweepTasks.Find(task).Run(input));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains($"{parameter}=lots", error.Message);
    }
}

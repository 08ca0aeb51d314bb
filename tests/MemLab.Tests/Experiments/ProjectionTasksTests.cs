using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

public class ProjectionTasksTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, Blas));

    [Fact]
    public void ZhangTask_RecordsWhatTheConstructionReports()
    {
        var data = Load("gaussian:n=400,d=10,targets=uniform");
        var metrics = SweepTasks.Find("zhang").Run(new SweepTaskInput(data, new Dictionary<string, string> { ["directions"] = "4" }, new Seed(2), Blas));
        var report = new ZhangConstruction(Blas).Build(data, new ZhangOptions { Directions = 4 }, new Seed(2)).Report;
        var details = (ZhangDetails)report.Details;
        Assert.Equal(1.0, metrics["memorized"]);
        Assert.Equal(report.ParameterCount, metrics["parameters"]);
        Assert.Equal(400, metrics["hidden_units"]);
        Assert.Equal(report.Verification.MaxAbsWeight, metrics["max_abs_weight"]);
        Assert.Equal(report.Verification.MaxError, metrics["max_error"]);
        Assert.Equal(details.MinGap, metrics["min_gap"]);
        Assert.Null(metrics["class_margin"]);
        Assert.Equal(0.0, metrics["failures"]);
        Assert.Equal(SweepTasks.Find("zhang").Metrics.Order(), metrics.Keys.Order());
    }

    [Fact]
    public void YunTask_BlocksParameter_ReachesTheConstruction()
    {
        var data = Load("gaussian:n=500,d=10,labels=random:4");
        var metrics = SweepTasks.Find("yun").Run(new SweepTaskInput(data, new Dictionary<string, string> { ["blocks"] = "6" }, new Seed(1), Blas));
        var report = new YunConstruction(Blas).Build(data, new YunOptions { Blocks = 6 }, new Seed(1)).Report;
        var details = (YunDetails)report.Details;
        Assert.Equal(1.0, metrics["memorized"]);
        Assert.Equal(details.Blocks, metrics["blocks"]);
        Assert.True(metrics["blocks"] <= 6);
        Assert.Equal(details.HiddenUnits.Sum(), metrics["hidden_units"]);
        Assert.Equal(details.ClassMargin, metrics["class_margin"]);
        Assert.Null(metrics["max_error"]);
        Assert.Equal(details.TheoremCapacity, metrics["theorem_capacity"]);
        Assert.Equal(SweepTasks.Find("yun").Metrics.Order(), metrics.Keys.Order());
    }

    [Fact]
    public void YunTask_BadBlocksValue_InvalidSpecNamingIt()
    {
        var data = Load("gaussian:n=50,d=3,targets=uniform");
        var error = Assert.Throws<MemLabException>(() =>
            SweepTasks.Find("yun").Run(new SweepTaskInput(data, new Dictionary<string, string> { ["blocks"] = "many" }, new Seed(1), Blas)));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("blocks=many", error.Message);
    }
}

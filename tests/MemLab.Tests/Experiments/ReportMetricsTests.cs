using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

public class ReportMetricsTests
{
    private static readonly ConstructionReport Report = ConstructionRegistry.Build(new ManagedBlas(1),
        DatasetLoader.Load("gaussian:n=40,d=5,seed=3", new DataLoadContext(null, new ManagedBlas(1))), new BubeckOptions(), new Seed(1)).Report;

    [Fact]
    public void Of_ReadsTheReportsMetrics_InTheOrderAsked()
    {
        var metrics = ReportMetrics.Of(["failures", "memorized", "parameters", "hidden_units"], Report, new Dictionary<string, double?>());

        Assert.Equal(["failures", "memorized", "parameters", "hidden_units"], metrics.Keys);
        Assert.Equal(Report.Verification.FailureCount, metrics["failures"]);
        Assert.Equal(Report.Memorized ? 1 : 0, metrics["memorized"]);
        Assert.Equal(Report.ParameterCount, metrics["parameters"]);
        Assert.Equal(Report.Widths[0], metrics["hidden_units"]);
    }

    [Fact]
    public void Of_TheTasksOwnValue_WinsOverTheReports()
    {
        var metrics = ReportMetrics.Of(["hidden_units", "groups"], Report, new Dictionary<string, double?> { ["hidden_units"] = -7, ["groups"] = 3 });

        Assert.Equal(-7, metrics["hidden_units"]);
        Assert.Equal(3, metrics["groups"]);
    }

    [Fact]
    public void Of_AMetricNobodyGives_IsAProgrammerError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ReportMetrics.Of(["no_such_metric"], Report, new Dictionary<string, double?>()));
        Assert.Contains("no_such_metric", error.Message);
    }
}

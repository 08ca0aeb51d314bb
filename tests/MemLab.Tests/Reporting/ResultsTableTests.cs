using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Store;

namespace MemLab.Tests.Reporting;

public class ResultsTableTests
{
    [Fact]
    public void MetricSummary_ThreeValues_StudentTInterval()
    {
        // Values 1, 2, 3: mean 2, sample standard deviation 1; t(0.975, 2) = 4.302653 (statistical tables).
        var summary = MetricSummary.Of([1, 2, 3]);
        double half = 4.302653 / Math.Sqrt(3);
        Assert.Equal(2, summary.Mean);
        Assert.Equal(2 - half, summary.Low!.Value, 5);
        Assert.Equal(2 + half, summary.High!.Value, 5);
    }

    [Theory]
    // Wilson 95% score intervals as tabulated in the literature (e.g. Newcombe 1998, Table I): 9/10, 10/10, 0/5.
    [InlineData(9, 10, 0.5958, 0.9821)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(0, 5, 0.0, 0.4345)]
    public void MetricSummary_ZeroOneValues_WilsonIntervalInsideZeroOne(int successes, int n, double low, double high)
    {
        var values = Enumerable.Range(0, n).Select(i => i < successes ? 1.0 : 0.0).ToArray();
        var summary = MetricSummary.Of(values);
        Assert.Equal((double)successes / n, summary.Mean!.Value, 12);
        Assert.Equal(low, summary.Low!.Value, 4);
        Assert.Equal(high, summary.High!.Value, 4);
    }

    [Fact]
    public void MetricSummary_OneValue_HasNoInterval()
    {
        Assert.Equal(new MetricSummary(1, 5, null, null), MetricSummary.Of([5]));
        Assert.Equal(new MetricSummary(0, null, null, null), MetricSummary.Of([]));
    }

    [Fact]
    public void Aggregate_CountsFailuresAndAveragesOnlySuccessfulRuns()
    {
        var spec = new SweepSpec
        {
            Name = "t", Task = "geometry", Data = "moons", Grid = [new SweepParameter("noise", ["0.1", "x,y"])], Repetitions = 3, Metrics = ["delta"],
        };
        var cells = spec.Cells();
        RunRecord Run(int cell, int repetition, double? delta, bool ok = true) => new(cells[cell], repetition, new Seed(1),
            ok ? RunStatus.Ok : RunStatus.Failed, ok ? null : "boom", ok ? new Dictionary<string, double?> { ["delta"] = delta } : [],
            DateTimeOffset.UnixEpoch, 1, "0.1.0", "test");
        var table = ResultsTable.Aggregate(spec, [Run(0, 0, 1), Run(0, 1, 3), Run(0, 2, null, ok: false), Run(1, 0, null)]);

        Assert.Equal(6, table.ExpectedRuns);
        Assert.Equal(2, table.Cells.Count);
        var first = table.Cells[0];
        Assert.Equal((3, 2, 1), (first.Runs, first.Succeeded, first.Failed));
        Assert.Equal(2.0 / 3, first.SuccessRate);
        Assert.Equal(2, first.Metrics["delta"].Mean);
        Assert.Equal(0, table.Cells[1].Metrics["delta"].Count);

        string[] lines = table.ToCsv().Split("\r\n");
        Assert.Equal("noise,runs,succeeded,failed,success_rate,delta_mean,delta_low,delta_high", lines[0]);
        Assert.StartsWith("0.1,3,2,1,0.6666666666666666,2,", lines[1]);
        Assert.Equal("\"x,y\",1,1,0,1,,,", lines[2]);
    }
}

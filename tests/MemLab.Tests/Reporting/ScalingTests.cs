using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Store;

namespace MemLab.Tests.Reporting;

public class ScalingTests
{
    private static readonly SweepSpec Spec = new()
    {
        Name = "scaling-test", Task = "classic", Data = "gaussian:labels=random",
        Grid = [new SweepParameter("construction", ["baum", "zhang"]), new SweepParameter("n", ["100", "1000"]), new SweepParameter("d", ["10", "50"])],
        Repetitions = 2,
        Metrics = ["memorized", "parameters", "max_abs_weight"],
    };

    // parameters = 2 n, run time n milliseconds plus the repetition; zhang at n = 1000 is an empty cell (every metric null, 5 ms).
    private static List<RunRecord> Runs() => Spec.Runs().Select(run =>
    {
        double n = ReportTables.Number(run.Cell, "n");
        bool empty = run.Cell.Key.StartsWith("construction=zhang,n=1000", StringComparison.Ordinal);
        var metrics = new Dictionary<string, double?>
        {
            ["memorized"] = empty ? null : 1, ["parameters"] = empty ? null : 2 * n, ["max_abs_weight"] = empty ? null : n,
        };
        return new RunRecord(run.Cell, run.Repetition, run.Seed, RunStatus.Ok, null, metrics, DateTimeOffset.UnixEpoch,
            empty ? 5 : n + run.Repetition, "0.1.0", "test machine");
    }).ToList();

    [Fact]
    public void Aggregate_SecondsAreTheRunDurationsOfCellsThatRecordedAMetric()
    {
        var table = ResultsTable.Aggregate(Spec, Runs());
        var cell = table.Cells.First(c => c.Parameters["construction"] == "baum" && c.Parameters["n"] == "1000");
        Assert.Equal(1.0005, cell.Seconds.Mean!.Value, 12);
        Assert.Equal(2, cell.Seconds.Count);
        Assert.Null(table.Cells.First(c => c.Parameters["construction"] == "zhang" && c.Parameters["n"] == "1000").Seconds.Mean);
    }

    [Fact]
    public void Figures_ThreeLogLogFiguresPerDimensionWithTheCountingBound()
    {
        var table = ResultsTable.Aggregate(Spec, Runs());
        var figures = Scaling.Figures(table);
        Assert.Equal(6, figures.Count);
        Assert.Contains("parameters = N", figures[0].Caption);
        Assert.Contains("at d = 10", figures[0].Caption);
        Assert.Contains("at d = 50", figures[3].Caption);
        Assert.Equal(["parameters", "seconds", "max_abs_weight"], figures.Take(3).Select(f => f.Caption.Split(' ')[0]));
        Assert.All(figures, figure => Assert.NotEmpty(figure.Plot.GetImageBytes(400, 300, ScottPlot.ImageFormat.Png)));
        // The report adds them to the default figures.
        string html = HtmlReport.Render(Spec, Runs());
        Assert.Contains("parameters against n at d = 50", html);
        // The results table's last column: baum, n = 100, d = 10 took 0.100 and 0.101 s.
        Assert.Contains("<th>seconds (run time)</th>", html);
        Assert.Contains("<td>0.1005 [", html);
    }

    [Fact]
    public void Line_OfSeconds_IsPlottableAndAnUnknownMetricListsIt()
    {
        var table = ResultsTable.Aggregate(Spec, Runs());
        var slice = table with { Cells = table.Cells.Where(c => c.Parameters["d"] == "10").ToList() };
        Assert.NotNull(ResultFigures.Line(slice, "n", ResultFigures.Seconds, "construction"));
        var error = Assert.Throws<MemLabException>(() => ResultFigures.Line(slice, "n", "runtime", "construction"));
        Assert.Contains("seconds", error.Message);
    }

    [Fact]
    public void Figures_AnotherParameterVaries_ThrowsNamingIt()
    {
        var spec = Spec with { Grid = [.. Spec.Grid, new SweepParameter("rounding_safety", ["1e4", "1e6"])] };
        var runs = spec.Runs().Select(run => new RunRecord(run.Cell, run.Repetition, run.Seed, RunStatus.Ok, null,
            new Dictionary<string, double?> { ["memorized"] = 1, ["parameters"] = 10, ["max_abs_weight"] = 1 }, DateTimeOffset.UnixEpoch, 5, "0.1.0", "test machine")).ToList();
        var error = Assert.Throws<MemLabException>(() => Scaling.Figures(ResultsTable.Aggregate(spec, runs)));
        Assert.Contains("'rounding_safety' varies", error.Message);
    }
}

using MemLab.Reporting;

namespace MemLab.Tests.Reporting;

public class CapacityTests
{
    private static CellResult Cell(string arch, int n, int memorized, int runs, int failed, double connections)
    {
        int succeeded = runs - failed;
        var flags = Enumerable.Range(0, succeeded).Select(i => i < memorized ? 1.0 : 0.0).ToList();
        return new CellResult(new Dictionary<string, string> { ["arch"] = arch, ["n"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            runs, succeeded, failed, new Dictionary<string, MetricSummary>
            {
                ["memorized"] = MetricSummary.Of(flags),
                ["deep_connections"] = MetricSummary.Of(Enumerable.Repeat(connections, succeeded).ToList()),
            });
    }

    private static ResultsTable Table(params CellResult[] cells) => new("cap", "hash", ["arch", "n"], ["memorized", "deep_connections"], cells.Length * 10, cells);

    [Fact]
    public void Estimate_LargestNAtNinetyPercentPerArchitecture()
    {
        var table = Table(
            Cell("a", 100, 10, 10, 0, 5000), Cell("a", 200, 9, 10, 0, 5000), Cell("a", 400, 8, 10, 0, 5000),
            // b: 9 memorized of 10 runs but one run failed (an exception counts as not memorized): 9 / 10 passes, 8 / 10 does not.
            Cell("b", 100, 9, 10, 1, 20000), Cell("b", 200, 8, 10, 1, 20000),
            Cell("c", 100, 10, 10, 0, 8000), Cell("c", 200, 10, 10, 0, 8000),
            Cell("d", 100, 5, 10, 0, 1000));
        var rows = Capacity.Estimate(table);
        Assert.Equal(["a", "b", "c", "d"], rows.Select(r => r.Group));
        Assert.Equal(200, rows[0].Capacity);
        Assert.Equal(25.0, rows[0].ConnectionsPerPoint);
        Assert.False(rows[0].AtLargestTried);
        Assert.Equal(100, rows[1].Capacity);
        Assert.Equal(0.8, rows[1].Rates[1].Value, 12);
        Assert.True(rows[2].AtLargestTried);
        Assert.Null(rows[3].Capacity);
        Assert.Null(rows[3].ConnectionsPerPoint);
        Assert.All(rows.Take(3), r => Assert.True(r.Monotone));
    }

    [Fact]
    public void Estimate_PassAfterAFailure_IsFlaggedNotMonotone()
    {
        var rows = Capacity.Estimate(Table(Cell("a", 100, 8, 10, 0, 100), Cell("a", 200, 9, 10, 0, 100)));
        Assert.Equal(200, rows[0].Capacity);
        Assert.False(rows[0].Monotone);
    }

    [Fact]
    public void Estimate_TableWithoutSizeOrConnections_ThrowsNamingWhatIsNeeded()
    {
        var table = new ResultsTable("geo", "h", ["n", "noise"], ["delta"], 1, []);
        Assert.False(Capacity.Applies(table));
        var error = Assert.Throws<MemLabException>(() => Capacity.Estimate(table));
        Assert.Contains("'arch'", error.Message);
        Assert.Contains("'deep_connections'", error.Message);
    }

    [Fact]
    public void Figure_PointsAndTheIdentityLine()
    {
        var rows = Capacity.Estimate(Table(Cell("a", 100, 10, 10, 0, 5000), Cell("b", 400, 10, 10, 0, 80000)));
        var plot = Capacity.Figure([new("vershynin", rows), new("other", rows)], "capacity");
        var scatters = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(2, scatters.Count);
        Assert.Equal([Math.Log10(5000), Math.Log10(80000)], scatters[0].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal([2.0, Math.Log10(400)], scatters[0].Data.GetScatterPoints().Select(p => p.Y));
        Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.LinePlot>());
        Assert.NotEmpty(plot.GetImageBytes(400, 300, ScottPlot.ImageFormat.Png));
    }

    [Fact]
    public void Figure_NoCapacityAnywhere_ThrowsSayingWhatToAdd()
    {
        var rows = Capacity.Estimate(Table(Cell("a", 100, 1, 10, 0, 5000)));
        var error = Assert.Throws<MemLabException>(() => Capacity.Figure([new("v", rows)], "t"));
        Assert.Contains("smaller N", error.Message);
    }

    [Fact]
    public void SizedByData_AClassicConstruction_IsOnePointPerNAndNotAnArchitecture()
    {
        var table = Table(
            Cell("fixed", 100, 10, 10, 0, 5000), Cell("fixed", 200, 8, 10, 0, 5000),
            Cell("baum", 100, 10, 10, 0, 400), Cell("baum", 200, 10, 10, 0, 800), Cell("baum", 400, 7, 10, 0, 1600));
        Assert.Equal(["fixed"], Capacity.Estimate(table).Select(r => r.Group));
        var (group, rows) = Assert.Single(Capacity.SizedByData(table, "deep_connections"));
        Assert.Equal("baum", group);
        Assert.Equal([100, 200, null], rows.Select(r => r.Capacity));
        Assert.Equal([400.0, 800.0, 1600.0], rows.Select(r => r.Connections));
        Assert.Equal(4.0, rows[1].ConnectionsPerPoint);
        Assert.Null(rows[2].ConnectionsPerPoint);
    }

    [Fact]
    public void SizedByData_MetricTheSweepDidNotRecord_ThrowsNamingIt()
    {
        var error = Assert.Throws<MemLabException>(() => Capacity.SizedByData(Table(Cell("a", 100, 10, 10, 0, 5)), "weights"));
        Assert.Contains("'weights'", error.Message);
    }
}

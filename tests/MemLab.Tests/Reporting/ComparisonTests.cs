using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Store;

namespace MemLab.Tests.Reporting;

public class ComparisonTests
{
    private static readonly SweepSpec Spec = new()
    {
        Name = "compare-test", Task = "compare", Data = "mnist:split=train",
        Grid = [new SweepParameter("classes", ["0-1", "3-8"]), new SweepParameter("model", ["nearest-centre", "yun", "1nn"])],
        Metrics = ["test_accuracy", "parameters"],
    };

    // Accuracy per (pair, model), chosen so nearest-centre leads yun by 0.1 and 0.05 and trails 1nn on 3-8 by 0.02.
    private static readonly Dictionary<string, double> Accuracy = new()
    {
        ["0-1/nearest-centre"] = 0.99, ["0-1/yun"] = 0.89, ["0-1/1nn"] = 0.98,
        ["3-8/nearest-centre"] = 0.95, ["3-8/yun"] = 0.90, ["3-8/1nn"] = 0.97,
    };

    private static List<RunRecord> Runs() => Spec.Runs().Select(run =>
    {
        string key = run.Cell.Parameters[0].Value + "/" + run.Cell.Parameters[1].Value;
        return new RunRecord(run.Cell, run.Repetition, run.Seed, RunStatus.Ok, null,
            new Dictionary<string, double?> { ["test_accuracy"] = Accuracy[key], ["parameters"] = 100 },
            DateTimeOffset.UnixEpoch, 1000, "0.1.0", "test machine");
    }).ToList();

    [Fact]
    public void Leads_CountPairsAboveAndTheSmallestAndMeanDifference()
    {
        var table = ResultsTable.Aggregate(Spec, Runs());
        var leads = Comparison.Leads(table);
        Assert.Equal(["yun", "1nn"], leads.Select(l => l.Model));
        Assert.Equal((2, 2, "3-8"), (leads[0].Pairs, leads[0].PairsAbove, leads[0].SmallestLeadPair));
        Assert.Equal(0.05, leads[0].SmallestLead!.Value, 12);
        Assert.Equal(0.075, leads[0].MeanLead!.Value, 12);
        Assert.Equal(1, leads[1].PairsAbove);
        Assert.Equal(-0.02, leads[1].SmallestLead!.Value, 12);
        Assert.Equal(["0-1", "3-8"], Comparison.Rows(table).Select(r => r.Pair));
    }

    [Fact]
    public void HtmlReport_ShowsTheComparisonTableLeadsAndBarChart()
    {
        string html = HtmlReport.Render(Spec, Runs());
        Assert.Contains("id=\"comparison\"", html);
        Assert.Contains("<th>nearest-centre - yun</th>", html);
        Assert.Contains("nearest-centre is above yun on 2 of 2 pairs; its lead is 0.05 at the smallest (3-8) and 0.075 on average.", html);
        Assert.Contains("nearest-centre is above 1nn on 1 of 2 pairs; its lead is -0.02 at the smallest (3-8)", html);
        Assert.Contains("test_accuracy per pair, one bar per model.", html);
    }

    [Fact]
    public void Figure_WithoutAModelParameter_ThrowsNamingWhatItNeeds()
    {
        var table = ReportTables.Table(ReportTables.Spec(["100"], ["0"], 1), ReportTables.Runs(ReportTables.Spec(["100"], ["0"], 1), (_, _) => 1));
        Assert.False(Comparison.Applies(table));
        var error = Assert.Throws<MemLabException>(() => Comparison.Figure(table));
        Assert.Contains("'model'", error.Message);
    }

    [Fact]
    public void Rows_AnotherParameterVaries_ThrowsInsteadOfTakingOneOfItsValuesAndTheReportLeavesTheSectionOut()
    {
        var spec = Spec with { Grid = [.. Spec.Grid, new SweepParameter("radius", ["auto", "0.5"])] };
        var runs = spec.Runs().Select(run => new RunRecord(run.Cell, run.Repetition, run.Seed, RunStatus.Ok, null,
            new Dictionary<string, double?> { ["test_accuracy"] = 0.9, ["parameters"] = 100 }, DateTimeOffset.UnixEpoch, 1000, "0.1.0", "test machine")).ToList();
        var table = ResultsTable.Aggregate(spec, runs);
        Assert.True(Comparison.Applies(table));
        var error = Assert.Throws<MemLabException>(() => Comparison.Rows(table));
        Assert.Contains("'radius' varies", error.Message);
        Assert.DoesNotContain("id=\"comparison\"", HtmlReport.Render(spec, runs));
    }
}

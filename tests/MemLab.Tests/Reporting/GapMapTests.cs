using System.Globalization;
using MemLab.Analysis;
using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Store;

namespace MemLab.Tests.Reporting;

public class GapMapTests
{
    private static readonly SweepSpec Spec = SweepSpec.Parse("""
        { "name": "map-test", "task": "gap", "data": "gaussian",
          "grid": { "geometry": ["gaussian", "moons"], "n": [500, 1000, 2000, 4000], "d": [10], "steps": [100, 400] },
          "repetitions": 3, "seed": 1 }
        """, "test");

    /// <summary>
    /// Runs whose widths follow 0.5 N^0.8 (gaussian) and 0.02 N^1.5 (moons) times seed noise at 4B. At B the width is the
    /// same, except moons at N = 4000, where B finds none and 4B finds one (budget-limited), and gaussian at N = 2000, where
    /// 4B needs only half of B's width (budget-limited). One gaussian seed at N = 1000 finds none at either budget.
    /// The predictor is the width ratio plus noise that keeps its ranks.
    /// </summary>
    private static List<RunRecord> Runs()
    {
        var rng = new Seed(9).CreateRng();
        var runs = new List<RunRecord>();
        foreach (var run in Spec.Runs())
        {
            var p = run.Cell.Parameters.ToDictionary(x => x.Key, x => x.Value);
            int n = int.Parse(p["n"], CultureInfo.InvariantCulture), steps = int.Parse(p["steps"], CultureInfo.InvariantCulture);
            bool moons = p["geometry"] == "moons";
            double width = (moons ? 0.02 * Math.Pow(n, 1.5) : 0.5 * Math.Pow(n, 0.8)) * Math.Exp(0.05 * rng.NextGaussian());
            double? found = width;
            if (moons && n == 4000 && steps == 100) found = null;
            if (!moons && n == 2000 && steps == 100) found = 2 * width;
            if (!moons && n == 1000 && run.Repetition == 0) found = null;
            runs.Add(new RunRecord(run.Cell, run.Repetition, run.Seed, RunStatus.Ok, null, new Dictionary<string, double?>
            {
                ["gd_width"] = found,
                ["largest_failing_width"] = found is null ? 8.0 * n / 10 : found / 2,
                ["baum_width"] = Math.Ceiling(n / 9.0),
                ["bubeck_width"] = 4.0 * n / 10,
                ["finke_width"] = null,
                ["ntk_min_eigenvalue"] = width * 10 / n * (1 + 1e-6 * run.Repetition),
            }, DateTimeOffset.UnixEpoch, 1, "test", "test"));
        }
        return runs;
    }

    [Fact]
    public void Cells_PairBudgetsAndApplyTheBudgetRule()
    {
        var cells = GapMap.Cells(Spec, Runs());
        Assert.Equal(8, cells.Count);
        Assert.Equal(["geometry=gaussian", "geometry=moons"], cells.Select(c => c.Series).Distinct());
        Assert.Equal([false, false, true, false], cells.Where(c => c.Geometry == "gaussian").Select(c => c.BudgetLimited));
        Assert.Equal([false, false, false, true], cells.Where(c => c.Geometry == "moons").Select(c => c.BudgetLimited));
        var oneNone = cells.Single(c => c.Geometry == "gaussian" && c.SampleCount == 1000);
        Assert.True(oneNone.Measured[0].IsLowerBound);
        Assert.Equal(800, oneNone.Measured[0].LargestTried);
        Assert.False(oneNone.MeasuredMedian.IsLowerBound);
    }

    [Fact]
    public void Exponents_RecoverTheSlopesWithoutTheBudgetLimitedCells()
    {
        var rows = GapMap.Exponents(GapMap.Cells(Spec, Runs()), resamples: 500);
        var gaussian = rows.Single(r => r.Series == "geometry=gaussian");
        Assert.InRange(gaussian.Fit!.Exponent, 0.75, 0.85);
        Assert.True(gaussian.Fit.ExponentLow < 0.8 && 0.8 < gaussian.Fit.ExponentHigh);
        Assert.Equal(3, gaussian.CellsFitted);
        Assert.Equal(1, gaussian.CellsBudgetLimited);
        Assert.Equal(1, gaussian.LowerBoundsLeftOut);
        Assert.Equal(8, gaussian.Fit.Points);
        var moons = rows.Single(r => r.Series == "geometry=moons");
        Assert.InRange(moons.Fit!.Exponent, 1.45, 1.55);
        Assert.Equal(3, moons.Fit.Sizes);
        Assert.Equal(4000, moons.LargestN);
        // Baum's width ceil(N/9) grows with exponent 1; Finke's was never recorded.
        Assert.InRange(moons.ConstructionFits["baum_width"]!.Exponent, 0.99, 1.01);
        Assert.Null(moons.ConstructionFits["finke_width"]);
    }

    [Fact]
    public void Predictors_RankTheCellsByWidthRatio()
    {
        var rows = GapMap.Predictors(GapMap.Cells(Spec, Runs()));
        var ntk = Assert.Single(rows);
        Assert.Equal("ntk_min_eigenvalue", ntk.Metric);
        Assert.Equal(8, ntk.Cells);
        Assert.True(ntk.Rho > 0.9, $"rho = {ntk.Rho}");
    }

    [Fact]
    public void Report_ShowsTheTablesAndALowerBoundForANone()
    {
        var runs = Runs();
        // Every seed of moons at N = 4000 fails at 4B too: the cell is a none, shown as "> 3200" (8 N/d), never dropped.
        runs = runs.Select(r => r.Cell.Parameters.Any(p => p.Value == "moons") && r.Cell.Parameters.Any(p => p is { Key: "n", Value: "4000" })
            ? r with { Metrics = new Dictionary<string, double?>(r.Metrics) { ["gd_width"] = null, ["largest_failing_width"] = 3200 } }
            : r).ToList();
        string html = HtmlReport.Render(Spec, runs);
        Assert.Contains("id=\"gap-map-exponents\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"gap-map-cells\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"gap-map-predictors\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>&gt; 3200</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>&gt; 8</td>", html, StringComparison.Ordinal);
        var figures = GapMap.Figures(GapMap.Cells(Spec, runs), GapMap.Exponents(GapMap.Cells(Spec, runs), 100), GapMap.Predictors(GapMap.Cells(Spec, runs)));
        // The overview, one figure per series (two geometries here) and the strongest predictor's.
        Assert.Equal(4, figures.Count);
        Assert.StartsWith("Overview", figures[0].Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void Applies_OnlyToGapSweepsOverSeveralN()
    {
        Assert.True(GapMap.Applies(Spec));
        Assert.False(GapMap.Applies(SweepSpec.Parse("""{ "name": "x", "task": "gap", "data": "gaussian", "grid": { "n": [500], "d": [10] } }""", "t")));
        Assert.False(GapMap.Applies(SweepSpec.Parse("""{ "name": "x", "task": "geometry", "data": "gaussian", "grid": { "n": [500, 1000], "d": [10] } }""", "t")));
    }

    [Fact]
    public void OneTwoFive_TicksCoverTheRange()
    {
        // From 20 / 2.5 = 8 to 640 * 2.5 = 1600.
        Assert.Equal([10.0, 20, 50, 100, 200, 500, 1000], GapMap.OneTwoFive(20, 640));
    }

    [Fact]
    public void Cells_FailedRunsLeaveTheirCellOut()
    {
        // Every run of moons at N = 4000 failed (as real-target runs do on a trainer that fits only labels).
        var runs = Runs().Select(r => r.Cell.Parameters.Any(p => p.Value == "moons") && r.Cell.Parameters.Any(p => p is { Key: "n", Value: "4000" })
            ? r with { Status = RunStatus.Failed, Message = "refused", Metrics = new Dictionary<string, double?>() }
            : r).ToList();
        var cells = GapMap.Cells(Spec, runs);
        Assert.Equal(7, cells.Count);
        Assert.Equal(3, GapMap.Exponents(cells, 100).Single(e => e.Series == "geometry=moons").CellsFitted);
        Assert.Contains("id=\"failures\"", HtmlReport.Render(Spec, runs), StringComparison.Ordinal);
    }

    [Fact]
    public void Exponents_LeaveOutACellWhoseLargerBudgetNeverRan()
    {
        // A sweep stopped part way: gaussian at N = 4000 has its B runs but none at 4B. The fit takes widths at 4B, so
        // that cell stays out of it (it would otherwise enter at B), and it is not counted as budget-limited.
        var runs = Runs().Where(r => !(r.Cell.Parameters.Any(p => p.Value == "gaussian") && r.Cell.Parameters.Any(p => p is { Key: "n", Value: "4000" })
            && r.Cell.Parameters.Any(p => p is { Key: "steps", Value: "400" }))).ToList();
        var cells = GapMap.Cells(Spec, runs);
        var partial = cells.Single(c => c.Series == "geometry=gaussian" && c.SampleCount == 4000);
        Assert.False(partial.HasFourTimesBudget);
        var gaussian = GapMap.Exponents(cells, 100).Single(e => e.Series == "geometry=gaussian");
        var completeCells = GapMap.Cells(Spec, Runs());
        bool wasLimited = completeCells.Single(c => c.Series == "geometry=gaussian" && c.SampleCount == 4000).BudgetLimited;
        var complete = GapMap.Exponents(completeCells, 100).Single(e => e.Series == "geometry=gaussian");
        Assert.Equal(complete.CellsFitted - (wasLimited ? 0 : 1), gaussian.CellsFitted);
        Assert.Equal(complete.CellsBudgetLimited - (wasLimited ? 1 : 0), gaussian.CellsBudgetLimited);
    }
}

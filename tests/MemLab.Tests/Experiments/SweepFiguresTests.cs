using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Tests.Reporting;

namespace MemLab.Tests.Experiments;

public class SweepFiguresTests
{
    private const string Grid = """{ "width": [50, 200], "lambda": [0, 0.5, 1], "cover": ["random", "greedy"] }""";

    private static SweepSpec Parse(string figures) =>
        SweepSpec.Parse($$"""{ "name": "f", "task": "finke", "data": "moons:n=50", "grid": {{Grid}}, "figures": {{figures}} }""", "f.json");

    [Fact]
    public void Parse_Figures_ReadsEveryFieldAndRoundTripsWithoutChangingTheHash()
    {
        SweepSpec spec = Parse("""
            [ { "kind": "heatmap", "x": "width", "rows": "lambda", "y": "pruned_width", "where": { "cover": "greedy" }, "contour": 0.99, "contour_of": "memorized" },
              { "kind": "line", "x": "lambda", "y": "memorized", "series": "width", "where": { "cover": ["random"] }, "log": false } ]
            """);

        SweepFigure heatmap = spec.Figures[0];
        Assert.Equal(FigureKind.Heatmap, heatmap.Kind);
        Assert.Equal(("width", "lambda", "pruned_width", 0.99, "memorized"), (heatmap.X, heatmap.Rows, heatmap.Y, heatmap.Contour!.Value, heatmap.ContourOf));
        Assert.Equal([new KeyValuePair<string, string>("cover", "greedy")], heatmap.Where);
        Assert.Equal(FigureKind.Line, spec.Figures[1].Kind);
        Assert.Equal("width", spec.Figures[1].Series);

        SweepSpec again = SweepSpec.Parse(spec.ToJson(), "round-trip");
        Assert.Equal(spec.Figures.Count, again.Figures.Count);
        Assert.Equal(spec.Figures[0].Where, again.Figures[0].Where);
        Assert.Equal(spec.Hash, (spec with { Figures = [] }).Hash);
    }

    [Theory]
    [InlineData("""[ { "kind": "line", "x": "widht", "y": "memorized", "where": { "cover": "random", "lambda": 0 } } ]""", "unknown grid parameter 'widht'")]
    [InlineData("""[ { "kind": "line", "x": "width", "y": "memorised", "where": { "cover": "random", "lambda": 0 } } ]""", "unknown metric 'memorised'")]
    [InlineData("""[ { "kind": "line", "x": "width", "y": "memorized", "where": { "colour": "random", "lambda": 0 } } ]""", "unknown grid parameter 'colour'")]
    [InlineData("""[ { "kind": "heatmap", "x": "width", "y": "memorized", "where": { "cover": "random" } } ]""", "needs \"rows\"")]
    [InlineData("""[ { "kind": "line", "x": "width", "y": "memorized", "where": { "lambda": 0 } } ]""", "leaves grid parameter 'cover' varying")]
    [InlineData("""[ { "kind": "line", "x": "width", "y": "memorized", "where": { "cover": "random", "lambda": 7 } } ]""", "lambda = 7, which the grid never takes")]
    [InlineData("""[ { "kind": "pie", "x": "width" } ]""", "kind 'pie'; use \"line\", \"heatmap\", \"scatter\"")]
    [InlineData("""[ { "kind": "scatter", "x": "width", "rows": "lambda", "where": { "cover": "random" } } ]""", "is a scatter figure; \"rows\"")]
    [InlineData("""[ { "kind": "line", "x": "width", "colour": "red" } ]""", "unknown key 'colour'")]
    public void Parse_BadFigure_SaysWhatIsWrong(string figures, string message)
    {
        var error = Assert.Throws<MemLabException>(() => Parse(figures));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ScatterFigure_RoundTripsAndIsDrawnAsPointsWithoutBands()
    {
        SweepSpec spec = Parse("""[ { "kind": "scatter", "x": "width", "y": "memorized", "series": "lambda", "where": { "cover": "greedy" }, "log": true } ]""");
        Assert.Equal(FigureKind.Scatter, SweepSpec.Parse(spec.ToJson(), "round-trip").Figures.Single().Kind);

        var table = ReportTables.Spec(["100", "200", "400"], ["0", "0.1"], 2);
        ResultsTable results = ReportTables.Table(table, ReportTables.Runs(table, (cell, _) => ReportTables.Number(cell, "n")));
        var scatter = ResultFigures.Draw(new SweepFigure { Kind = FigureKind.Scatter, X = "n", Y = "delta", Series = "noise", Log = true }, results);
        var line = ResultFigures.Draw(new SweepFigure { Kind = FigureKind.Line, X = "n", Y = "delta", Series = "noise" }, results);

        Assert.Contains("one colour per noise", scatter.Caption);
        Assert.Empty(scatter.Plot.GetPlottables().OfType<ScottPlot.Plottables.FillY>());
        Assert.NotEmpty(line.Plot.GetPlottables().OfType<ScottPlot.Plottables.FillY>());
    }

    [Fact]
    public void Where_KeepsMatchingCellsNumericallyAndOrsRepeatedParameters()
    {
        var spec = ReportTables.Spec(["100", "200", "400"], ["0", "0.1"], 1);
        ResultsTable table = ReportTables.Table(spec, ReportTables.Runs(spec, (cell, _) => ReportTables.Number(cell, "n")));

        ResultsTable slice = table.Where([new("n", "100"), new("n", "400"), new("noise", "0.10")]);

        Assert.Equal([("100", "0.1"), ("400", "0.1")], slice.Cells.Select(c => (c.Parameters["n"], c.Parameters["noise"])));
        Assert.Contains("n = 100 or 400", slice.Name);
    }

    [Fact]
    public void Where_UnknownParameterOrValue_IsAClearError()
    {
        var spec = ReportTables.Spec(["100", "200"], ["0", "0.1"], 1);
        ResultsTable table = ReportTables.Table(spec, ReportTables.Runs(spec, (_, _) => 1));

        Assert.Contains("no such grid parameter", Assert.Throws<MemLabException>(() => table.Where([new("size", "100")])).Message);
        var error = Assert.Throws<MemLabException>(() => table.Where([new("n", "300")]));
        Assert.Contains("n: 100, 200", error.Message);
    }

    [Fact]
    public void Heatmap_ContourOfAnotherMetric_IsDrawnFromThatMetric()
    {
        var spec = ReportTables.Spec(["100", "200"], ["0", "0.1"], 2);
        // delta is 1 only in cell (200, 0.1); failures (null) everywhere at n = 100 make the success rate 0 there.
        ResultsTable table = ReportTables.Table(spec, ReportTables.Runs(spec, (cell, _) =>
            ReportTables.Number(cell, "n") == 100 ? null : ReportTables.Number(cell, "noise") == 0.1 ? 1 : 0.5));

        var onDelta = ResultFigures.Heatmap(table, "n", "noise", "delta", 0.99);
        var onSuccess = ResultFigures.Heatmap(table, "n", "noise", "delta", 0.99, ResultFigures.SuccessRate);

        // delta >= 0.99 only at one cell whose neighbours are a NaN cell (n = 100) and the grid edge: one segment;
        // success_rate >= 0.99 on the whole n = 200 column: one vertical boundary of two segments.
        Assert.Equal(1, Segments(onDelta));
        Assert.Equal(2, Segments(onSuccess));
    }

    private static int Segments(ScottPlot.Plot plot) => plot.GetPlottables().OfType<ScottPlot.Plottables.LinePlot>().Count();
}

using System.Text;
using System.Xml.Linq;
using MemLab.Reporting;
using ScottPlot;
using ScottPlot.Plottables;

namespace MemLab.Tests.Reporting;

public sealed class ResultFiguresTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memlab-figures-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // delta = n / 100 + noise + repetition: the mean over repetitions 0, 1, 2 is n / 100 + noise + 1.
    private static readonly ResultsTable Table = MakeTable();

    private static ResultsTable MakeTable()
    {
        var spec = ReportTables.Spec(["100", "200", "400"], ["0", "0.5"], 3);
        return ReportTables.Table(spec, ReportTables.Runs(spec, (cell, r) => ReportTables.Number(cell, "n") / 100 + ReportTables.Number(cell, "noise") + r));
    }

    [Fact]
    public void Line_OneLinePerSeries_PointsAreTheCellMeans()
    {
        var plot = ResultFigures.Line(Table, "n", "delta", "noise");
        var lines = plot.GetPlottables<Scatter>().ToList();
        Assert.Equal(["noise = 0", "noise = 0.5"], lines.Select(l => l.LegendText));
        for (int s = 0; s < 2; s++)
        {
            double noise = s * 0.5;
            var points = lines[s].Data.GetScatterPoints();
            Assert.Equal([100, 200, 400], points.Select(p => p.X));
            Assert.Equal(new[] { 100, 200, 400 }.Select(n => n / 100.0 + noise + 1), points.Select(p => p.Y));
        }
        Assert.Equal("n", plot.Axes.Bottom.Label.Text);
        Assert.Equal("delta", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void Line_Band_SpansTheIntervals()
    {
        var plot = ResultFigures.Line(Table, "n", "delta", "noise");
        var bands = plot.GetPlottables<FillY>().ToList();
        Assert.Equal(2, bands.Count);
        // Values m-1, m, m+1: s = 1, half-width t(0.975, 2) / sqrt(3) = 4.302653 / sqrt(3).
        double half = 4.302653 / Math.Sqrt(3);
        var range = bands[0].GetAxisLimits();
        Assert.Equal(1 + 1 - half, range.Bottom, 4);
        Assert.Equal(4 + 1 + half, range.Top, 4);
        Assert.Equal(100, range.Left);
        Assert.Equal(400, range.Right);
    }

    [Fact]
    public void Line_TextValues_EvenlySpacedInGridOrderWithTheirLabels()
    {
        var spec = ReportTables.Spec(["100"], ["randomize:0", "randomize:0.5", "randomize:1"], 1);
        double[] deltas = [7, 3, 5];
        var table = ReportTables.Table(spec, ReportTables.Runs(spec, (cell, _) => deltas[spec.Grid[1].Values.ToList().IndexOf(cell.Parameters[1].Value)]));

        var plot = ResultFigures.Line(table, "noise", "delta");

        var points = plot.GetPlottables<Scatter>().Single().Data.GetScatterPoints();
        Assert.Equal([0.0, 1, 2], points.Select(p => p.X));
        Assert.Equal(deltas, points.Select(p => p.Y));
        plot.RenderInMemory(800, 600);
        var ticks = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => (t.Position, t.Label)).ToList();
        Assert.Equal([(0.0, "randomize:0"), (1.0, "randomize:0.5"), (2.0, "randomize:1")], ticks);
        Assert.Throws<MemLabException>(() => ResultFigures.Line(table, "noise", "delta", scale: AxisScale.LogLog));
    }

    [Fact]
    public void Scatter_LogLog_PlotsLog10OfMeans()
    {
        var plot = ResultFigures.Scatter(Table, "n", "delta", "noise");
        var points = plot.GetPlottables<Scatter>().First().Data.GetScatterPoints();
        Assert.Equal(Math.Log10(200), points[1].X, 12);
        Assert.Equal(Math.Log10(3), points[1].Y, 12);
        Assert.Contains("log", plot.Axes.Bottom.Label.Text);
    }

    [Fact]
    public void Scatter_LogOfZero_ThrowsNamingTheValue()
    {
        var error = Assert.Throws<MemLabException>(() => ResultFigures.Scatter(Table, "noise", "delta", "n"));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("'noise' has the value 0", error.Message);
    }

    [Fact]
    public void Heatmap_CellValuesAndContour()
    {
        var plot = ResultFigures.Heatmap(Table, "n", "noise", "delta", contourLevel: 3);
        var heatmap = plot.GetPlottables<Heatmap>().Single();
        // Intensities[j, i] is the mean of cell (n index i, noise index j); row 0 is drawn at the bottom, centred on y = 0.
        double[] sizes = [100, 200, 400], noises = [0, 0.5];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(sizes[i] / 100 + noises[j] + 1, heatmap.Intensities[j, i], 12);
        Assert.True(heatmap.FlipVertically);
        Assert.Equal(new CoordinateRect(0, 2, 0, 1), heatmap.Extent);
        // Means: noise 0: 2, 3, 5; noise 0.5: 2.5, 3.5, 5.5. At or above 3 are x >= 1, so one vertical edge per row at x = 0.5.
        var lines = plot.GetPlottables<LinePlot>().Select(l => (l.Start.X, l.Start.Y, l.End.X, l.End.Y)).OrderBy(s => s).ToList();
        Assert.Equal([(0.5, -0.5, 0.5, 0.5), (0.5, 0.5, 0.5, 1.5)], lines);
        Assert.Equal("n", plot.Axes.Bottom.Label.Text);
        Assert.Equal("noise", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void Figures_UnknownMetricOrParameter_ListsTheValidNames()
    {
        var metric = Assert.Throws<MemLabException>(() => ResultFigures.Line(Table, "n", "accuracy", "noise"));
        Assert.Equal(MemLabErrorKind.InvalidOptions, metric.Kind);
        Assert.Contains("'accuracy'", metric.Message);
        Assert.Contains("delta, success_rate", metric.Message);
        var parameter = Assert.Throws<MemLabException>(() => ResultFigures.Heatmap(Table, "n", "width", "delta"));
        Assert.Contains("'width'", parameter.Message);
        Assert.Contains("n, noise", parameter.Message);
    }

    [Fact]
    public void Line_UnshownParameterVaries_Throws()
    {
        var error = Assert.Throws<MemLabException>(() => ResultFigures.Line(Table, "n", "delta"));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("'noise' takes 2 values", error.Message);
    }

    [Fact]
    public void Save_PngAndSvg_WriteTheirFormats()
    {
        var plot = ResultFigures.Line(Table, "n", "delta", "noise");
        string png = Path.Combine(_folder, "f.png"), svg = Path.Combine(_folder, "f.svg");
        FigureFile.Save(plot, png);
        FigureFile.Save(plot, svg);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.True(bytes.Length > 5000, $"PNG has only {bytes.Length} bytes");
        var root = XDocument.Parse(File.ReadAllText(svg, Encoding.UTF8)).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal("800", root.Attribute("width")!.Value);
        Assert.Contains(root.Descendants(), e => e.Name.LocalName == "text" || e.Name.LocalName == "path");
    }

    [Fact]
    public void Save_UnknownExtension_ThrowsNamingThePath()
    {
        var plot = ResultFigures.Line(Table, "n", "delta", "noise");
        var error = Assert.Throws<MemLabException>(() => FigureFile.Save(plot, Path.Combine(_folder, "f.jpg")));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("f.jpg", error.Message);
    }
}

using MemLab.Experiments;
namespace MemLab.Tests.Cli;

public sealed class PlotReportCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memlab-plot-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Database()
    {
        string spec = Path.Combine(_folder, "s.json"), db = Path.Combine(_folder, "s.db");
        File.WriteAllText(spec, """{ "name": "s", "task": "geometry", "data": "moons", "grid": { "n": [30, 40], "noise": [0.1, 0.2] }, "repetitions": 2, "metrics": ["delta"] }""");
        var run = CliRunner.Run("sweep", "run", spec, "--db", db, "--blas", "managed", "--workers", "1");
        Assert.True(run.ExitCode == 0, run.Error);
        return db;
    }

    [Fact]
    public void PlotAndReport_WriteTheirFiles()
    {
        string db = Database();
        string png = Path.Combine(_folder, "line.png"), svg = Path.Combine(_folder, "heat.svg"), report = Path.Combine(_folder, "r");
        var line = CliRunner.Run("plot", db, "--x", "n", "--y", "delta", "--series", "noise", "-o", png);
        Assert.True(line.ExitCode == 0, line.Error);
        var heat = CliRunner.Run("plot", db, "--x", "n", "--heatmap", "noise", "--contour", "0.99", "-o", svg);
        Assert.True(heat.ExitCode == 0, heat.Error);
        var html = CliRunner.Run("report", db, "-o", report);
        Assert.True(html.ExitCode == 0, html.Error);
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.StartsWith("<?xml", File.ReadAllText(svg));
        Assert.Contains("<table id=\"results\">", File.ReadAllText(Path.Combine(report, "index.html")));
    }

    /// <summary><c>plot</c> draws what the library's one figure dispatch draws for the same figure (a report's figures come from it too).</summary>
    [Fact]
    public void Plot_DrawsTheFigureTheLibraryDrawsForTheSameDescription()
    {
        string db = Database();
        string fromCli = Path.Combine(_folder, "cli.svg"), fromLab = Path.Combine(_folder, "lab.svg");
        var plotted = CliRunner.Run("plot", db, "--x", "n", "--y", "delta", "--series", "noise", "--scatter", "--log", "-o", fromCli);
        Assert.True(plotted.ExitCode == 0, plotted.Error);
        var lab = new Lab(new MemLab.LinearAlgebra.ManagedBlas(1), null);
        var figure = lab.Figure(db, new SweepFigure { Kind = FigureKind.Scatter, X = "n", Y = "delta", Series = "noise", Log = true }, TimeSpan.FromSeconds(5));
        lab.Save(figure.Plot, fromLab);
        Assert.Equal(Normalized(File.ReadAllText(fromLab)), Normalized(File.ReadAllText(fromCli)));
        Assert.NotEqual(Normalized(File.ReadAllText(fromLab)), Svg(lab, db, new SweepFigure { Kind = FigureKind.Line, X = "n", Y = "delta", Series = "noise" }));
        Assert.NotEmpty(lab.Figures(db, TimeSpan.FromSeconds(5)));
    }

    private string Svg(Lab lab, string db, SweepFigure figure)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".svg");
        lab.Save(lab.Figure(db, figure, TimeSpan.FromSeconds(5)).Plot, path);
        return Normalized(File.ReadAllText(path));
    }

    /// <summary>The SVG with its clip-path ids (a process-wide counter in ScottPlot) numbered from the start of the file.</summary>
    private static string Normalized(string svg)
    {
        var ids = new Dictionary<string, string>();
        return System.Text.RegularExpressions.Regex.Replace(svg, @"cl_[0-9A-Za-z]+", m => ids.TryGetValue(m.Value, out var id) ? id : ids[m.Value] = $"cl_{ids.Count}");
    }

    [Fact]
    public void Plot_ContourWithoutHeatmap_ExitsWithUserError()
    {
        string db = Database();
        var outcome = CliRunner.Run("plot", db, "--x", "n", "--contour", "0.5", "-o", Path.Combine(_folder, "x.png"));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--contour", outcome.Error);
    }

    [Fact]
    public void Plot_Where_DrawsOneSliceAndRejectsBadFilters()
    {
        string db = Database();
        string svg = Path.Combine(_folder, "slice.svg");

        // noise varies, so a line over n needs a series or a filter: --where noise=0.2 fixes it.
        var slice = CliRunner.Run("plot", db, "--x", "n", "--y", "delta", "--where", "noise=0.20", "-o", svg);
        var varying = CliRunner.Run("plot", db, "--x", "n", "--y", "delta", "-o", svg);
        var unknown = CliRunner.Run("plot", db, "--x", "n", "--y", "delta", "--where", "nosie=0.2", "-o", svg);
        var malformed = CliRunner.Run("plot", db, "--x", "n", "--y", "delta", "--where", "noise", "-o", svg);

        Assert.True(slice.ExitCode == 0, slice.Error);
        Assert.Contains("noise = 0.20", File.ReadAllText(svg));
        Assert.Equal(1, varying.ExitCode);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("nosie", unknown.Error);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("PARAMETER=VALUE", malformed.Error);
    }
}

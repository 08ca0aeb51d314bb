using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MemLab.Reporting;
using SkiaSharp;

namespace MemLab.Tests.Reporting;

public sealed class HtmlReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memlab-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // delta = n + 10 noise + repetition (repetitions 0, 1): cell mean n + 10 noise + 0.5; cell (200, 0.5) fails once.
    private static (MemLab.Experiments.SweepSpec Spec, List<MemLab.Store.RunRecord> Runs) Sweep()
    {
        var spec = ReportTables.Spec(["100", "200"], ["0", "0.5"], 2);
        return (spec, ReportTables.Runs(spec, (cell, r) =>
            cell.Key == "n=200,noise=0.5" && r == 1 ? null : ReportTables.Number(cell, "n") + 10 * ReportTables.Number(cell, "noise") + r));
    }

    [Fact]
    public void Render_HasTableNumbersFiguresAndNoExternalUrls()
    {
        var (spec, runs) = Sweep();
        string html = HtmlReport.Render(spec, runs);

        // Means computed here from the formula: (n + 10 noise) + 0.5 for full cells, 205 for the cell with one success.
        foreach (double mean in new[] { 100.5, 105.5, 200.5 })
            Assert.Contains(mean.ToString("G6", CultureInfo.InvariantCulture) + " [", html);
        Assert.Contains("<td>205</td>", html);
        Assert.Contains("boom &lt;b&gt;", html);
        Assert.Contains("&quot;name&quot;: &quot;report-test&quot;", html);
        Assert.Contains(NetworkProvenance.CurrentVersion, html);
        Assert.Contains("test machine, managed BLAS", html);
        // A run failed: success rate and delta against n (one line per noise), and the success-rate heatmap.
        Assert.Equal(3, HtmlReport.DefaultFigures(ResultsTable.Aggregate(spec, runs)).Count);
        Assert.Equal(3, Regex.Matches(html, "<img [^>]*src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\"").Count);
        Assert.DoesNotMatch(new Regex("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public void DefaultFigures_AreTheFiguresASpecWouldList_DrawnByTheOneDispatch()
    {
        var (spec, runs) = Sweep();
        var table = ResultsTable.Aggregate(spec, runs);
        var captions = HtmlReport.DefaultFigures(table).Select(f => f.Caption).ToList();
        Assert.Equal(["success_rate against n, one line per noise: mean and 95% interval.",
            "delta against n, one line per noise: mean and 95% interval.",
            "success_rate over n and noise, outlined where success_rate is at least 0.99."], captions);
    }

    [Fact]
    public void Write_CreatesTheFolderAndIndex()
    {
        var (spec, runs) = Sweep();
        string path = HtmlReport.Write(Path.Combine(_folder, "a", "b"), spec, runs);
        Assert.Equal(Path.Combine(_folder, "a", "b", "index.html"), path);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path));
    }

    [Fact]
    public void Write_FolderIsAFile_ThrowsInvalidFile()
    {
        var (spec, runs) = Sweep();
        string file = Path.Combine(_folder, "taken");
        File.WriteAllText(file, "x");
        var error = Assert.Throws<MemLabException>(() => HtmlReport.Write(file, spec, runs));
        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("taken", error.Message);
    }

    [ChromiumFact]
    public void Report_InHeadlessChromium_ShowsFiguresAndTables()
    {
        var (spec, runs) = Sweep();
        string index = HtmlReport.Write(Path.Combine(_folder, "report"), spec, runs);
        string screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        string url = new Uri(index).AbsoluteUri;

        Chromium($"--screenshot={screenshot} --window-size=1280,2000 {url}");
        Assert.True(File.Exists(screenshot), "Chromium wrote no screenshot");
        using (var bitmap = SKBitmap.Decode(screenshot))
        {
            Assert.Equal(1280, bitmap.Width);
            var colours = new HashSet<SKColor>();
            for (int y = 0; y < bitmap.Height; y += 7)
                for (int x = 0; x < bitmap.Width; x += 7)
                    colours.Add(bitmap.GetPixel(x, y));
            Assert.True(colours.Count > 50, $"The screenshot has only {colours.Count} colours: the page looks blank");
        }

        string dom = Chromium($"--dump-dom {url}");
        Assert.Equal(3, Regex.Matches(dom, "<img [^>]*src=\"data:image/png;base64,").Count);
        Assert.Contains("<table id=\"results\">", dom);
        Assert.Contains("100.5 [", dom);
    }

    private string Chromium(string arguments)
    {
        string profile = Directory.CreateTempSubdirectory("memlab-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(ChromiumFactAttribute.Path,
                "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking " +
                $"--disable-component-update --disable-sync --user-data-dir={profile} {arguments}")
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "Chromium did not finish within 60 s");
            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}

using System.Globalization;
using MemLab.Reporting;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>Renders a <see cref="ResultsTable"/>: one row per cell, each metric as mean ± half-width of its 95% interval.</summary>
internal static class ResultsView
{
    public static void Render(IAnsiConsole console, ResultsTable results)
    {
        int runs = results.Cells.Sum(c => c.Runs), failed = results.Cells.Sum(c => c.Failed);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{results.Name} (spec {results.SpecHash[..12]}): {runs} of {results.ExpectedRuns} runs recorded, {failed} failed; metrics: mean ± half-width of the 95% interval")));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string parameter in results.Parameters) table.AddColumn(Markup.Escape(parameter));
        table.AddColumn(new TableColumn("ok").RightAligned());
        foreach (string metric in results.Metrics) table.AddColumn(new TableColumn(Markup.Escape(metric)).RightAligned());
        foreach (var cell in results.Cells)
        {
            var row = results.Parameters.Select(p => Markup.Escape(cell.Parameters[p])).ToList();
            row.Add(cell.Failed == 0 ? $"{cell.Succeeded}/{cell.Runs}" : $"[red]{cell.Succeeded}/{cell.Runs}[/]");
            row.AddRange(results.Metrics.Select(m => Markup.Escape(Format(cell.Metrics[m]))));
            table.AddRow(row.ToArray());
        }
        console.Write(table);
    }

    private static string Format(MetricSummary metric) => metric switch
    {
        { Mean: null } => "n/a",
        { Low: double low, High: double high } when low != high => $"{G(metric.Mean.Value)} ± {G((high - low) / 2)}",
        _ => G(metric.Mean.Value),
    };

    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}

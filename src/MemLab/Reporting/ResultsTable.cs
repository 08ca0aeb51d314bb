using System.Globalization;
using System.Text;
using MemLab.Experiments;
using MemLab.Store;

namespace MemLab.Reporting;

/// <summary>A sweep's results aggregated per grid cell: success counts and each metric's mean with a 95% interval (<see cref="MetricSummary"/>).</summary>
/// <param name="Name">The sweep's name.</param>
/// <param name="SpecHash">The sweep's spec hash.</param>
/// <param name="Parameters">The grid's parameter names, in order.</param>
/// <param name="Metrics">The recorded metric names, in order.</param>
/// <param name="ExpectedRuns">Runs in the whole sweep.</param>
/// <param name="Cells">One entry per cell with at least one recorded run, in grid order.</param>
public sealed record ResultsTable(
    string Name,
    string SpecHash,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<string> Metrics,
    int ExpectedRuns,
    IReadOnlyList<CellResult> Cells)
{
    /// <summary>Aggregates <paramref name="runs"/> of <paramref name="spec"/> by cell.</summary>
    public static ResultsTable Aggregate(SweepSpec spec, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runs);
        var metrics = spec.RecordedMetrics();
        var cells = runs
            .GroupBy(r => r.Cell.Index)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var ok = g.Where(r => r.Status == RunStatus.Ok).ToList();
                return new CellResult(
                    g.First().Cell.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                    g.Count(),
                    ok.Count,
                    g.Count() - ok.Count,
                    metrics.ToDictionary(m => m, m => MetricSummary.Of(
                        ok.Select(r => r.Metrics.GetValueOrDefault(m)).OfType<double>().ToList()), StringComparer.Ordinal))
                {
                    Seconds = MetricSummary.Of(ok.Where(r => r.Metrics.Values.Any(v => v is not null)).Select(r => r.DurationMilliseconds / 1000).ToList()),
                };
            })
            .ToList();
        return new ResultsTable(spec.Name, spec.Hash, spec.Grid.Select(p => p.Name).ToList(), metrics,
            spec.Cells().Count * spec.Repetitions, cells);
    }

    /// <summary>
    /// The table as CSV (RFC 4180, invariant culture): one row per cell with the parameters, runs, succeeded, failed,
    /// success_rate, then <c>METRIC_mean</c>, <c>METRIC_low</c>, <c>METRIC_high</c> for each metric (empty where undefined).
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        IEnumerable<string> header = Parameters
            .Concat(["runs", "succeeded", "failed", "success_rate"])
            .Concat(Metrics.SelectMany(m => new[] { m + "_mean", m + "_low", m + "_high" }));
        csv.Append(string.Join(",", header.Select(Quote))).Append("\r\n");
        foreach (var cell in Cells)
        {
            IEnumerable<string> fields = Parameters.Select(p => cell.Parameters[p])
                .Concat([Number(cell.Runs), Number(cell.Succeeded), Number(cell.Failed), Number(cell.SuccessRate)])
                .Concat(Metrics.SelectMany(m => new[] { Number(cell.Metrics[m].Mean), Number(cell.Metrics[m].Low), Number(cell.Metrics[m].High) }));
            csv.Append(string.Join(",", fields.Select(Quote))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

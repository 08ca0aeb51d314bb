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
    /// The table narrowed to the cells whose parameters match <paramref name="filters"/> (<c>--where P=V</c>): a
    /// parameter given several times keeps any of its values, different parameters must all match; numbers compare by
    /// value (0.50 matches 0.5). The name gains the filters, so figure titles say which slice they show.
    /// </summary>
    /// <exception cref="MemLabException">A filter names an unknown parameter, or no cell matches (the message lists the values there are).</exception>
    public ResultsTable Where(IEnumerable<KeyValuePair<string, string>> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var byParameter = filters.GroupBy(f => f.Key, f => f.Value, StringComparer.Ordinal).ToList();
        foreach (var group in byParameter.Where(g => !Parameters.Contains(g.Key)))
            throw MemLabException.InvalidOptions($"Cannot filter on '{group.Key}': sweep {Name} has no such grid parameter; it has: {string.Join(", ", Parameters)}.");
        var cells = Cells.Where(c => byParameter.All(g => g.Any(v => SweepFigures.SameValue(c.Parameters[g.Key], v)))).ToList();
        if (cells.Count == 0 && byParameter.Count > 0)
            throw MemLabException.InvalidOptions(
                $"No recorded result has {string.Join(" and ", byParameter.Select(g => $"{g.Key} = {string.Join(" or ", g)}"))}; the results have " +
                string.Join("; ", byParameter.Select(g => $"{g.Key}: {string.Join(", ", Cells.Select(c => c.Parameters[g.Key]).Distinct(StringComparer.Ordinal))}")) + ".");
        string slice = string.Join(", ", byParameter.Select(g => $"{g.Key} = {string.Join(" or ", g)}"));
        return this with { Name = byParameter.Count == 0 ? Name : $"{Name} ({slice})", Cells = cells };
    }

    /// <summary>The grid parameters other than <paramref name="shown"/> that take more than one value in the table, in grid order.</summary>
    public IReadOnlyList<string> VaryingBesides(params string[] shown) =>
        Parameters.Except(shown).Where(p => Cells.Select(c => c.Parameters[p]).Distinct(StringComparer.Ordinal).Count() > 1).ToList();

    /// <summary>
    /// Throws when a grid parameter other than <paramref name="shown"/> varies: a summary over <paramref name="shown"/>
    /// (<paramref name="what"/>) would silently mix its values.
    /// </summary>
    /// <exception cref="MemLabException">(InvalidOptions) the first such parameter, and how to take one slice.</exception>
    public void RequireOnlyVarying(string what, params string[] shown)
    {
        foreach (string other in VaryingBesides(shown))
            throw MemLabException.InvalidOptions(
                $"Grid parameter '{other}' varies, so {what} would mix its values; take one slice at a time (memlab plot --where {other}=VALUE).");
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

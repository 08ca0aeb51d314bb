namespace MemLab.Reporting;

/// <summary>The aggregated runs of one grid cell.</summary>
/// <param name="Parameters">The cell's parameter values, in grid order.</param>
/// <param name="Runs">Recorded runs of the cell.</param>
/// <param name="Succeeded">Runs that returned their metrics.</param>
/// <param name="Failed">Runs that failed.</param>
/// <param name="Metrics">Each recorded metric over the successful runs, in the spec's order.</param>
public sealed record CellResult(
    IReadOnlyDictionary<string, string> Parameters,
    int Runs,
    int Succeeded,
    int Failed,
    IReadOnlyDictionary<string, MetricSummary> Metrics)
{
    /// <summary>The fraction of the cell's runs that succeeded.</summary>
    public double SuccessRate => Runs == 0 ? 0 : (double)Succeeded / Runs;

    /// <summary>
    /// How long the cell's successful runs took, in seconds (data loading included), over the runs that recorded at
    /// least one metric: an empty cell (every metric null) has no duration. Wall-clock time, so it varies between
    /// machines and runs, unlike the metrics. Empty by default.
    /// </summary>
    public MetricSummary Seconds { get; init; } = MetricSummary.Of([]);
}

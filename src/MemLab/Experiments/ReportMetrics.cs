using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The metrics any construction's report gives (memorized, parameters, hidden_units, width (the widest layer),
/// max_abs_weight, max_error, min_margin, failures), read the same way by every task that records them; a task adds
/// what only the construction's details hold (<see cref="ConstructionDetails.SweepValues"/>).
/// </summary>
internal static class ReportMetrics
{
    private static readonly Dictionary<string, Func<ConstructionReport, double?>> Readers = new(StringComparer.Ordinal)
    {
        ["memorized"] = report => report.Memorized ? 1 : 0,
        ["parameters"] = report => report.ParameterCount,
        ["hidden_units"] = report => report.Widths[0],
        ["width"] = report => report.Widths.Max(),
        ["max_abs_weight"] = report => report.Verification.MaxAbsWeight,
        ["max_error"] = report => report.Verification.MaxError is { } error && double.IsFinite(error) ? error : null,
        ["min_margin"] = report => report.Verification.MinThresholdMargin?.Value,
        ["failures"] = report => report.Verification.FailureCount,
    };

    /// <summary>Each of <paramref name="metrics"/>, in order: the task's own value where <paramref name="own"/> has one, else the report's.</summary>
    /// <exception cref="InvalidOperationException">A metric neither the task nor the report gives (a programmer error the task tests catch).</exception>
    public static Dictionary<string, double?> Of(IReadOnlyList<string> metrics, ConstructionReport report, IReadOnlyDictionary<string, double?> own)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(own);
        return metrics.ToDictionary(name => name, name =>
            own.TryGetValue(name, out double? value) ? value
            : Readers.TryGetValue(name, out var read) ? read(report)
            : throw new InvalidOperationException($"Metric '{name}' is neither the task's own nor one a construction report gives."), StringComparer.Ordinal);
    }
}

using System.Collections.ObjectModel;

namespace MemLab.Experiments;

/// <summary>
/// Runs a construction for a sweep task and turns a failure of the method into a result: a build that cannot
/// memorize the data for a reason of the construction itself (no neuron can be placed, data too close for the widths
/// or the rounding, points that stay affinely dependent), which the constructions report as
/// <see cref="MemLabErrorKind.HypothesisViolated"/>, is a run that did not memorize (memorized = 0), with the reason
/// recorded beside it (<see cref="NotMemorizedMetrics.Reason"/>). Dirksen, Finke and Genzel (JMLR 25, 2024) count such
/// a restart as not interpolating, so leaving it out of a cell would bias the interpolation probability upward. Every
/// other exception (bad input, bugs, resources) still fails the run.
/// </summary>
public static class MethodFailure
{
    /// <summary>
    /// <paramref name="build"/>'s metrics, or, when it throws <see cref="MemLabErrorKind.HypothesisViolated"/>, every
    /// metric of <paramref name="metrics"/> null except <c>memorized</c> = 0 and those <paramref name="known"/> gives.
    /// </summary>
    /// <param name="metrics">The task's metric names.</param>
    /// <param name="build">Builds, verifies and measures.</param>
    /// <param name="known">Metrics whose value the failure itself fixes (for example a pruned width of 0 when no neuron could be placed); null for none.</param>
    public static IReadOnlyDictionary<string, double?> Record(IReadOnlyList<string> metrics, Func<IReadOnlyDictionary<string, double?>> build,
        IReadOnlyDictionary<string, double?>? known = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            return build();
        }
        catch (MemLabException error) when (error.Kind == MemLabErrorKind.HypothesisViolated)
        {
            var values = metrics.ToDictionary(name => name, name => name == "memorized" ? 0 : known?.GetValueOrDefault(name));
            return new NotMemorizedMetrics(values, error.Message);
        }
    }

    /// <summary>The reason a run did not memorize, when <paramref name="metrics"/> came from a method failure; null otherwise.</summary>
    public static string? ReasonOf(IReadOnlyDictionary<string, double?> metrics) => (metrics as NotMemorizedMetrics)?.Reason;

    /// <summary><paramref name="metrics"/> carrying <paramref name="from"/>'s reason, if it had one (for tasks that relay another task's run).</summary>
    public static IReadOnlyDictionary<string, double?> Relay(IDictionary<string, double?> metrics, IReadOnlyDictionary<string, double?> from) =>
        ReasonOf(from) is { } reason ? new NotMemorizedMetrics(metrics, reason) : new ReadOnlyDictionary<string, double?>(metrics);
}

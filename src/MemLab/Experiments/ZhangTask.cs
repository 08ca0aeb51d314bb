using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "zhang" task: builds Zhang et al.'s N ReLUs on a 1-D projection (<see cref="ZhangConstruction"/>) for the run's
/// data and seed, verifies it on every point, and records its size, weights and precision. Parameters not set by the
/// grid take the <see cref="ZhangOptions"/> defaults.
/// </summary>
public sealed class ZhangTask : ConstructionTask<ZhangOptions, ZhangDetails>
{
    /// <inheritdoc/>
    public override string Description => "Zhang et al. N ReLUs on a 1-D projection: memorized (0/1), parameters, hidden units, max |weight|, max error or class margin, min gap, failures.";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Metrics =>
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "max_error", "class_margin", "min_gap", "relative_min_gap", "failures"];

    /// <inheritdoc/>
    protected override Dictionary<string, double?> Measure(ConstructionReport report, ZhangDetails details) =>
        TaskParameters.ProjectionMetrics(details.HiddenUnits, details.MinGap, details.ProjectionRange, details.ClassMargin);
}

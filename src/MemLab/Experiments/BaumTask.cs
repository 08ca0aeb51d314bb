using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "baum" task: builds Baum's network (<see cref="BaumConstruction"/>) for the run's data and seed, verifies it on
/// every point, and records its size, weights, margin and eps. Parameters not set by the grid take the
/// <see cref="BaumOptions"/> defaults.
/// </summary>
public sealed class BaumTask : ConstructionTask<BaumOptions, BaumDetails>
{
    /// <inheritdoc/>
    public override string Description => "Baum (1988) threshold slabs: memorized (0/1), parameters, hidden units, max |weight|, smallest margin, failures, smallest eps, groups, working dimension.";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Metrics =>
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "min_margin", "failures", "smallest_eps", "groups", "working_dimension"];

    /// <inheritdoc/>
    protected override Dictionary<string, double?> Measure(ConstructionReport report, BaumDetails details) => new()
    {
        ["smallest_eps"] = details.GeneralPosition.SmallestEps,
        ["groups"] = details.GeneralPosition.GroupCount,
        ["working_dimension"] = details.GeneralPosition.WorkingDimension,
    };
}

using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "bubeck" task: builds the Bubeck-Eldan-Lee-Mikulincer network (<see cref="BubeckConstruction"/>) for the run's
/// data and seed, verifies it on every point, and records its size, weights, error or margin and eps. Parameters not
/// set by the grid take the <see cref="BubeckOptions"/> defaults.
/// </summary>
public sealed class BubeckTask : ConstructionTask<BubeckOptions, BubeckDetails>
{
    /// <inheritdoc/>
    public override string Description => "Bubeck et al. (2020) ReLU slabs: memorized (0/1), parameters, hidden units, max |weight|, max error (real targets), smallest margin, failures, smallest eps and delta, groups, working dimension.";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Metrics =>
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "max_error", "min_margin", "failures", "smallest_eps", "smallest_delta", "groups", "working_dimension"];

    /// <inheritdoc/>
    protected override Dictionary<string, double?> Measure(ConstructionReport report, BubeckDetails details) => new()
    {
        ["smallest_eps"] = details.GeneralPosition.SmallestEps,
        ["smallest_delta"] = details.SmallestDelta,
        ["groups"] = details.GeneralPosition.GroupCount,
        ["working_dimension"] = details.GeneralPosition.WorkingDimension,
    };
}

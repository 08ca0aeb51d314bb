using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "baum" task: builds Baum's network (<see cref="BaumConstruction"/>) for the run's data and seed, verifies it on
/// every point, and records its size, weights, margin and eps. Parameters not set by the grid take the
/// <see cref="BaumOptions"/> defaults.
/// </summary>
public sealed class BaumTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => BaumConstruction.ConstructionId;

    /// <inheritdoc/>
    public string Description => "Baum (1988) threshold slabs: memorized (0/1), parameters, hidden units, max |weight|, smallest margin, failures, smallest eps, groups, working dimension.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => OptionsBinder.SweepNames(typeof(BaumOptions));

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics =>
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "min_margin", "failures", "smallest_eps", "groups", "working_dimension"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = OptionsBinder.Bind(new BaumOptions(), input.Parameters, Id);
        return MethodFailure.Record(Metrics, () => Measure(input, options));
    }

    private static Dictionary<string, double?> Measure(SweepTaskInput input, BaumOptions options)
    {
        var report = ConstructionRegistry.Build(input.Blas, input.Data, options, input.Seed).Report;
        var position = report.DetailsOf<BaumDetails>().GeneralPosition;
        return new Dictionary<string, double?>
        {
            ["memorized"] = report.Memorized ? 1 : 0,
            ["parameters"] = report.ParameterCount,
            ["hidden_units"] = report.Widths[0],
            ["max_abs_weight"] = report.Verification.MaxAbsWeight,
            ["min_margin"] = report.Verification.MinThresholdMargin?.Value,
            ["failures"] = report.Verification.FailureCount,
            ["smallest_eps"] = position.SmallestEps,
            ["groups"] = position.GroupCount,
            ["working_dimension"] = position.WorkingDimension,
        };
    }
}

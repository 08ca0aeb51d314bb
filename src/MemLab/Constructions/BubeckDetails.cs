namespace MemLab.Constructions;

/// <summary>The numbers specific to <see cref="BubeckConstruction"/> in its <see cref="ConstructionReport"/>.</summary>
public sealed record BubeckDetails : ConstructionDetails, ISweepMeasured
{
    /// <inheritdoc/>
    public static SweepMetrics Sweep { get; } = new(
        "Bubeck et al. (2020) ReLU slabs: memorized (0/1), parameters, hidden units, max |weight|, max error (real targets), smallest margin, failures, smallest eps and delta, groups, working dimension.",
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "max_error", "min_margin", "failures", "smallest_eps", "smallest_delta", "groups", "working_dimension"]);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double?> SweepValues()
    {
        var values = GeneralPosition.SweepValues();
        values["smallest_delta"] = SmallestDelta;
        return values;
    }

    /// <summary>What the outputs interpolate: real targets, ±1 for two classes, or one-hot codes for K classes.</summary>
    public required BubeckTargets Targets { get; init; }

    /// <summary>K, the number of outputs (1 for real targets and two classes).</summary>
    public required int OutputCount { get; init; }

    /// <summary>Hidden units per group: 2 shared + 2 per output (4 for one output).</summary>
    public required int UnitsPerGroup { get; init; }

    /// <summary>The smallest delta = eps / (2 max |lambda|) over the groups; the output weights are ±1/delta.</summary>
    public required double SmallestDelta { get; init; }

    /// <summary>The largest output weight, 1 / <see cref="SmallestDelta"/>.</summary>
    public required double LargestOutputWeight { get; init; }

    /// <summary>
    /// The float64 error to expect at the output: 2^-53 times the sum over groups of the four output terms'
    /// magnitudes (|w.x - b| + 2 eps) / delta at the farthest point. Far-side points switch all four units of a group
    /// on, and their terms cancel to 0 only up to this rounding. Compare with the verification's max error.
    /// </summary>
    public required double RoundingErrorEstimate { get; init; }

    /// <summary>Parameters divided by N.</summary>
    public required double ParametersPerPoint { get; init; }

    /// <summary>Working dimension, projection, groups, eps and its distance from rounding.</summary>
    public required GeneralPositionReport GeneralPosition { get; init; }
}

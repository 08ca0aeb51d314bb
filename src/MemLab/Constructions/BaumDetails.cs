namespace MemLab.Constructions;

/// <summary>The numbers specific to <see cref="BaumConstruction"/> in its <see cref="ConstructionReport"/>.</summary>
public sealed record BaumDetails : ConstructionDetails, ISweepMeasured
{
    /// <inheritdoc/>
    public static SweepMetrics Sweep { get; } = new(
        "Baum (1988) threshold slabs: memorized (0/1), parameters, hidden units, max |weight|, smallest margin, failures, smallest eps, groups, working dimension.",
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "min_margin", "failures", "smallest_eps", "groups", "working_dimension"]);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double?> SweepValues() => GeneralPosition.SweepValues();

    /// <summary>The class whose points were grouped into slabs (the smaller class; class 1 on a tie).</summary>
    public required int GroupedClass { get; init; }

    /// <summary>Parameters divided by N.</summary>
    public required double ParametersPerPoint { get; init; }

    /// <summary>Working dimension, projection, groups, eps and its distance from rounding.</summary>
    public required GeneralPositionReport GeneralPosition { get; init; }
}

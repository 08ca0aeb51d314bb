namespace MemLab.Constructions;

/// <summary>The numbers specific to <see cref="ZhangConstruction"/> in its <see cref="ConstructionReport"/>.</summary>
public sealed record ZhangDetails : ConstructionDetails, ISweepMeasured
{
    /// <inheritdoc/>
    public static SweepMetrics Sweep { get; } = new(
        "Zhang et al. N ReLUs on a 1-D projection: memorized (0/1), parameters, hidden units, max |weight|, max error or class margin, min gap, failures.",
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "max_error", "class_margin", "min_gap", "relative_min_gap", "failures"]);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double?> SweepValues() => ProjectionMetrics.Of(HiddenUnits, MinGap, ProjectionRange, ClassMargin);

    /// <summary>R, the number of projection directions tried.</summary>
    public required int Directions { get; init; }

    /// <summary>The smallest gap between consecutive projections along the chosen direction.</summary>
    public required double MinGap { get; init; }

    /// <summary>The range of the projections along the chosen direction.</summary>
    public required double ProjectionRange { get; init; }

    /// <summary>MinGap / ProjectionRange: about 1/N^2 for one random direction; the weights grow like its inverse.</summary>
    public double RelativeMinGap => MinGap / ProjectionRange;

    /// <summary>The number of ReLU units, N.</summary>
    public required int HiddenUnits { get; init; }

    /// <summary>The paper's count 2N + d: the direction u, the N knots and the N output weights (the free numbers).</summary>
    public required long PaperParameterCount { get; init; }

    /// <summary>The report's parameter count divided by N.</summary>
    public required double ParametersPerPoint { get; init; }

    /// <summary>
    /// Two classes: the smallest margin min_i y_i f(x_i) with targets y = -1 (class 0) and +1 (class 1); 1 in exact
    /// arithmetic. Null for real targets (their max error is in the verification).
    /// </summary>
    public required double? ClassMargin { get; init; }
}

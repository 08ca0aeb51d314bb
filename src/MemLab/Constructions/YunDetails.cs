namespace MemLab.Constructions;

/// <summary>The numbers specific to <see cref="YunConstruction"/> in its <see cref="ConstructionReport"/>.</summary>
public sealed record YunDetails : ConstructionDetails, ISweepMeasured
{
    /// <inheritdoc/>
    public static SweepMetrics Sweep { get; } = new(
        "Yun-Sra-Jadbabaie two hidden ReLU layers of ~sqrt(N): memorized (0/1), parameters, hidden units, max |weight|, max error or class margin, min gap, failures, blocks, theorem capacity.",
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "max_error", "class_margin", "min_gap", "relative_min_gap", "failures",
         "blocks", "theorem_capacity", "theorem_hidden_units"]);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double?> SweepValues()
    {
        var values = ProjectionMetrics.Of(HiddenUnits.Sum(), MinGap, ProjectionRange, ClassMargin);
        values["blocks"] = Blocks;
        values["theorem_capacity"] = TheoremCapacity;
        values["theorem_hidden_units"] = TheoremHiddenUnits;
        return values;
    }

    /// <summary>R, the number of projection directions tried.</summary>
    public required int Directions { get; init; }

    /// <summary>The smallest gap between consecutive projections along the chosen direction.</summary>
    public required double MinGap { get; init; }

    /// <summary>The range of the projections along the chosen direction.</summary>
    public required double ProjectionRange { get; init; }

    /// <summary>MinGap / ProjectionRange: about 1/N^2 for one random direction.</summary>
    public double RelativeMinGap => MinGap / ProjectionRange;

    /// <summary>P, the number of blocks the sorted projections were cut into (at most the requested number).</summary>
    public required int Blocks { get; init; }

    /// <summary>Q, the number of points in the largest block: the width of the second hidden layer.</summary>
    public required int LargestBlock { get; init; }

    /// <summary>The smallest gap at which the blocks were cut, divided by the range; null for a single block.</summary>
    public required double? RelativeSmallestCut { get; init; }

    /// <summary>ReLU units per hidden layer: 2P - 1, Q, and K + 2 for K &gt; 2 classes.</summary>
    public required IReadOnlyList<int> HiddenUnits { get; init; }

    /// <summary>
    /// 4 floor(d1/2) floor(d2/2) for this network's two ReLU layers d1 = 2P - 1, d2 = Q: the number of points the
    /// theorem guarantees widths like these can memorize (about 2N here: the construction uses about twice the
    /// product of widths the theorem needs).
    /// </summary>
    public required long TheoremCapacity { get; init; }

    /// <summary>The smallest d1 + d2 with 4 floor(d1/2) floor(d2/2) &gt;= N: the theorem's hidden units for N points, about 2 sqrt(N).</summary>
    public required int TheoremHiddenUnits { get; init; }

    /// <summary>K &gt; 2 classes: 4 sqrt(N) + 4K, the hidden units of the paper's K-class statement; null otherwise.</summary>
    public required double? KClassStatementUnits { get; init; }

    /// <summary>The report's parameter count divided by N.</summary>
    public required double ParametersPerPoint { get; init; }

    /// <summary>
    /// Classes: the smallest margin, 1 in exact arithmetic. Two classes: min_i y_i f(x_i) with y = -1 or +1. K classes:
    /// 1 - 2 max_i |f(x_i) - k_i| for the class index f that feeds the third layer, the margin its hat logits give in
    /// exact arithmetic (the verification checks the argmax itself). Null for real targets (their max error is in the verification).
    /// </summary>
    public required double? ClassMargin { get; init; }
}

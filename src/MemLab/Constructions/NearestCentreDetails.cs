using MemLab.Data;

namespace MemLab.Constructions;

/// <summary>The numbers specific to <see cref="NearestCentreConstruction"/> in its <see cref="ConstructionReport"/>.</summary>
public sealed record NearestCentreDetails : ConstructionDetails, ISweepMeasured
{
    /// <inheritdoc/>
    public static SweepMetrics Sweep { get; } = new(
        "Yu-Gao-Zhang-Miao nearest-centre network: memorized (0/1), held-out test accuracy, centres, parameters, widest layer, depth, delta.",
        ["memorized", SweepMetrics.TestAccuracy, "centres", "parameters", "width", "depth", "delta", "failures"]);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double?> SweepValues() =>
        new Dictionary<string, double?> { ["centres"] = CentreCount, ["depth"] = Depth, ["delta"] = ClassSeparation };

    /// <summary>How the radius was chosen.</summary>
    public required RadiusRule Rule { get; init; }

    /// <summary>The radius every point was covered with (Auto, Fixed); null for Adaptive, whose radius varies per point.</summary>
    public required double? Radius { get; init; }

    /// <summary>Adaptive: the smallest per-point radius; null otherwise.</summary>
    public required double? MinRadius { get; init; }

    /// <summary>Adaptive: the largest per-point radius; null otherwise.</summary>
    public required double? MaxRadius { get; init; }

    /// <summary>The fraction of delta (Auto) or of each point's distance to the other classes (Adaptive); null for Fixed.</summary>
    public required double? Fraction { get; init; }

    /// <summary>delta: the smallest distance between two training points of different classes.</summary>
    public required double ClassSeparation { get; init; }

    /// <summary>The pair of samples at distance delta.</summary>
    public required SamplePair ClassSeparationPair { get; init; }

    /// <summary>The order of the greedy scan.</summary>
    public required CentreOrder Order { get; init; }

    /// <summary>The number of centres of each class, by label.</summary>
    public required IReadOnlyList<int> CentresPerClass { get; init; }

    /// <summary>The total number of centres.</summary>
    public int CentreCount => CentresPerClass.Sum();

    /// <summary>The number of layers: the affine score layer, the max-tree's ReLU layers and the affine output layer (1 when every class has one centre).</summary>
    public required int Depth { get; init; }
}

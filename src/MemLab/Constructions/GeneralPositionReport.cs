namespace MemLab.Constructions;

/// <summary>
/// How a hyperplane-slab construction (Baum; Bubeck et al.) put the data into general position and grouped it
/// (docs/algorithms.md section 0): the working dimension, whether the data was projected, the groups, their eps and how
/// far eps is from float64 rounding, and what was regrouped.
/// </summary>
public sealed record GeneralPositionReport
{
    /// <summary>d, the raw input dimension.</summary>
    public required int InputDimension { get; init; }

    /// <summary>
    /// r, the dimension the construction works in: the numerical rank of the centred data (d when the data is full
    /// rank). Groups have r points.
    /// </summary>
    public required int WorkingDimension { get; init; }

    /// <summary>True when r &lt; d: the data was projected onto its top r principal components, and the projection is folded into the first-layer weights.</summary>
    public required bool Projected { get; init; }

    /// <summary>The number of groups (hyperplanes), after any splits.</summary>
    public required int GroupCount { get; init; }

    /// <summary>The number of data points placed in groups (Baum: the smaller class; Bubeck: all).</summary>
    public required int GroupedPoints { get; init; }

    /// <summary>Random virtual points used to pad groups of fewer than r points (the last group, and split groups).</summary>
    public required long VirtualPoints { get; init; }

    /// <summary>Groups split in two because their eps was within <see cref="RequiredSafety"/> of rounding or their points were affinely dependent.</summary>
    public required int SplitGroups { get; init; }

    /// <summary>Single-point groups whose hyperplane was drawn again for the same reason.</summary>
    public required int RedrawnHyperplanes { get; init; }

    /// <summary>The smallest eps over all groups: half the distance from a hyperplane to the nearest point that must stay outside its slab.</summary>
    public required double SmallestEps { get; init; }

    /// <summary>The smallest eps / rounding bound over all groups, where the bound is (2d + 4) 2^-53 (max ||x|| + ||mean|| + |b|) plus the fit's residual on the group.</summary>
    public required double SmallestSafetyRatio { get; init; }

    /// <summary>The eps / rounding-bound ratio every group was required to reach (the construction's RoundingSafety option).</summary>
    public required double RequiredSafety { get; init; }

    /// <summary>Points in groups that stayed below <see cref="RequiredSafety"/> after regrouping: their slabs are thin enough that rounding may decide them. Ascending.</summary>
    public required IReadOnlyList<int> FragileIndices { get; init; }

    /// <summary>Plain-language remarks: the projection, fewer points than dimensions, regrouping.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The sweep metrics a slab construction records from it: smallest_eps, groups and working_dimension.</summary>
    internal Dictionary<string, double?> SweepValues() => new()
    {
        ["smallest_eps"] = SmallestEps,
        ["groups"] = GroupCount,
        ["working_dimension"] = WorkingDimension,
    };
}

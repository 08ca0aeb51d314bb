using System.ComponentModel;
using System.Globalization;

namespace MemLab.Experiments;

/// <summary>
/// The gap sweep task's own parameters (docs/algorithms.md section 6), beside the recipe's and the width search's: which
/// data a run trains on, how far the search may go relative to N/d, and whether the data's width predictors are recorded.
/// Bound by <see cref="OptionsBinder"/> under <c>geometry</c>, <c>target_kind</c>, <c>max_width_factor</c> and
/// <c>predictors</c>; <see cref="Problems"/> states their constraints once.
/// </summary>
public sealed record GapTaskOptions : ICheckedOptions
{
    /// <summary>
    /// A geometry of <see cref="GapGeometries"/> (gaussian, anisotropic-C, subspace-R, mixture-K, moons, mnist-A-B ...):
    /// the run trains on that geometry's data with the N, d and seed of its data spec instead of the data itself. Default
    /// null: the run's data.
    /// </summary>
    [Description("Train on this geometry's data with the data spec's N, d and seed instead of the data itself: gaussian, anisotropic-C, subspace-R, subspace-d/K, mixture-K, moons, mnist-A-B or mnist-A-B-random.")]
    public string? Geometry { get; init; }

    /// <summary>With <see cref="Geometry"/>: <c>labels</c> (its labels) or <c>uniform</c> (real targets in [-1, 1) on the same points). Default null: labels.</summary>
    [Description("With geometry: labels (the geometry's labels) or uniform (real targets drawn from [-1, 1) on the same points). Default: labels.")]
    public string? TargetKind { get; init; }

    /// <summary>F: the largest width is at least ceil(F N/d) (or <c>max_width</c> where that is larger and given), so a search that finds none says the width is above F N/d. Default null: <c>max_width</c> alone. Must be finite and &gt; 0.</summary>
    [Description("Raise the largest width to at least ceil(F N/d), so a search that finds none says the width is above F N/d (> 0).")]
    public double? MaxWidthFactor { get; init; }

    /// <summary>Also record the data's <see cref="Data.GeometryPredictors"/> (the Gram matrix's eigenvalues cost O(N^3)). Default false: those metrics are null.</summary>
    [Description("Also record the data's width predictors (effective rank, condition number, NTK eigenvalue; O(N^3)). 0 or 1.")]
    public bool Predictors { get; init; }

    /// <summary>The geometry <paramref name="text"/> names, as <see cref="Geometry"/> takes it.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) the text is not one of the geometries.</exception>
    public static string ParseGeometry(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return GapGeometries.IsGeometry(text) ? text : throw MemLabException.InvalidSpec($"not a geometry; use {GapGeometries.Names}.");
    }

    /// <summary>The target kind <paramref name="text"/> names, one of <see cref="GapGeometries.TargetKinds"/>.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) the text is not a target kind.</exception>
    public static string ParseTargetKind(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return GapGeometries.TargetKinds.Contains(text)
            ? text
            : throw MemLabException.InvalidSpec($"expected one of {string.Join(", ", GapGeometries.TargetKinds)}.");
    }

    /// <summary>The largest width for <paramref name="sampleCount"/> points in R^<paramref name="dimension"/>: ceil(F N/d), or <paramref name="maxWidth"/> when <paramref name="maxWidthGiven"/> and larger; <paramref name="maxWidth"/> without a factor.</summary>
    public int MaxWidth(int sampleCount, int dimension, int maxWidth, bool maxWidthGiven)
    {
        if (MaxWidthFactor is not { } factor) return maxWidth;
        int relative = (int)Math.Min(int.MaxValue, Math.Ceiling(factor * sampleCount / dimension));
        return Math.Max(relative, maxWidthGiven ? maxWidth : 0);
    }

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (MaxWidthFactor is { } factor && !(double.IsFinite(factor) && factor > 0))
            yield return $"The largest-width factor must be a finite number > 0; got {factor.ToString(CultureInfo.InvariantCulture)}. 8 searches up to 8 N/d.";
        if (TargetKind is not null && Geometry is null)
            yield return "The target kind chooses the targets of a geometry; without a geometry, put targets=uniform into the data spec.";
    }
}

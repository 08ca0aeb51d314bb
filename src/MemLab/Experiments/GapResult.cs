using MemLab.Training;

namespace MemLab.Experiments;

/// <summary>
/// The gap on one dataset (docs/algorithms.md section 6): the smallest width at which gradient descent memorizes, next to
/// the widths of the constructions, with the recipe and search options that produced it.
/// </summary>
public sealed record GapResult
{
    /// <summary>The training recipe (its hidden layers are replaced by the widths tried).</summary>
    public required TrainOptions Recipe { get; init; }

    /// <summary>The search options.</summary>
    public required WidthSearchOptions Options { get; init; }

    /// <summary>The widths tried and the smallest that succeeded.</summary>
    public required WidthSearchResult Search { get; init; }

    /// <summary>The constructions' widths on the same data.</summary>
    public required ConstructiveWidths Constructive { get; init; }

    /// <summary>Real targets: the largest |f(x_i) - y_i| that counted as memorized (<see cref="TargetTolerance"/>); null for class labels.</summary>
    public double? Tolerance { get; init; }

    /// <summary>The gradient-descent width over N/d; null when no width up to the largest succeeded.</summary>
    public double? RatioToNOverD => Search.MinimumWidth / Constructive.NOverD;

    /// <summary>Measures the gap: the width search (seed "search"), then the constructions (seed "constructions").</summary>
    /// <exception cref="MemLabException">As for <see cref="WidthSearch.Run(Dataset, TrainOptions, WidthSearchOptions, Seed, LinearAlgebra.IBlas, IProgress{WidthTrial}?)"/>.</exception>
    public static GapResult Measure(Dataset data, TrainOptions recipe, WidthSearchOptions options, Seed seed, LinearAlgebra.IBlas blas,
        IProgress<WidthTrial>? progress = null)
    {
        var search = WidthSearch.Run(data, recipe, options, seed.Derive("search"), blas, progress);
        return new GapResult
        {
            Recipe = recipe, Options = options, Search = search, Constructive = ConstructiveWidths.Measure(data, seed.Derive("constructions"), blas),
            Tolerance = TargetTolerance.For(data, recipe.Tolerance),
        };
    }
}

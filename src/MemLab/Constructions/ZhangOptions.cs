using System.ComponentModel;

namespace MemLab.Constructions;

/// <summary>Options for <see cref="ZhangConstruction"/> (Zhang et al. 2017, Theorem 1; docs/algorithms.md section 3).</summary>
public sealed record ZhangOptions : ConstructionOptions
{
    /// <summary>
    /// R, the number of random directions drawn for the 1-D projection; the one with the largest min-gap / range is
    /// kept (<see cref="LineProjection"/>). Default <see cref="LineProjection.DefaultCandidates"/> (32). Must be &gt;= 1.
    /// </summary>
    [Description("Random projection directions to try; the one with the largest min-gap / range is kept (>= 1).")]
    public int Directions { get; init; } = LineProjection.DefaultCandidates;

    /// <inheritdoc/>
    public override IEnumerable<string> Problems()
    {
        if (Directions < 1)
            yield return $"Directions (R) must be >= 1; got {Directions}. Pass the number of random projection directions to try, such as 32.";
    }
}

using System.ComponentModel;

namespace MemLab.Constructions;

/// <summary>Options for <see cref="YunConstruction"/> (Yun, Sra, Jadbabaie 2019; docs/algorithms.md section 4).</summary>
public sealed record YunOptions : ConstructionOptions
{
    /// <summary>
    /// R, the number of random directions drawn for the 1-D projection; the one with the largest min-gap / range is
    /// kept (<see cref="LineProjection"/>). Default <see cref="LineProjection.DefaultCandidates"/> (32). Must be &gt;= 1.
    /// </summary>
    [Description("Random projection directions to try; the one with the largest min-gap / range is kept (>= 1).")]
    public int Directions { get; init; } = LineProjection.DefaultCandidates;

    /// <summary>
    /// P, the most blocks the sorted projections are cut into; the first hidden layer has 2P - 1 units and the second
    /// as many as the largest block, at most ceil(9N / 8P). Default null: round(sqrt(N / 2)), which about minimizes
    /// 2P + N / P. Must be &gt;= 1 and at most N.
    /// </summary>
    [Description("P, the most blocks the sorted projections are cut into (first hidden layer 2P - 1 units). Default: round(sqrt(N / 2)).")]
    public int? Blocks { get; init; }

    /// <inheritdoc/>
    public override IEnumerable<string> Problems()
    {
        if (Directions < 1)
            yield return $"Directions (R) must be >= 1; got {Directions}. Pass the number of random projection directions to try, such as 32.";
        if (Blocks is < 1)
            yield return $"Blocks (P) must be >= 1; got {Blocks}. Pass a block count near sqrt(N / 2), or leave it out for that default.";
    }
}

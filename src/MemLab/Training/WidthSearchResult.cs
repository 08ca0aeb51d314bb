namespace MemLab.Training;

/// <summary>What a <see cref="WidthSearch"/> found: every width it tried, in order, and the smallest width that succeeded.</summary>
public sealed record WidthSearchResult
{
    /// <summary>The widths tried, in the order tried (doubling, then bisection).</summary>
    public required IReadOnlyList<WidthTrial> Trials { get; init; }

    /// <summary>The smallest width that succeeded (memorized in at least half of its seeds); null when even the largest width failed.</summary>
    public required int? MinimumWidth { get; init; }

    /// <summary>The largest width that failed below <see cref="MinimumWidth"/> (with a relative precision above 0 it may be more than one below); 0 when every width tried succeeded.</summary>
    public required int LargestFailingWidth { get; init; }

    /// <summary>Wall-clock seconds of the whole search.</summary>
    public required double Seconds { get; init; }
}

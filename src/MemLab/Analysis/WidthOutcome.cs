using System.Globalization;

namespace MemLab.Analysis;

/// <summary>
/// What a width search found on one dataset, or summarized over data seeds: a width, or "none", which is a lower
/// bound: every width tried up to <see cref="LargestTried"/> failed, so the width gradient descent needs under this
/// budget is above it. Tables and figures show a none as that bound (<see cref="Display()"/>, <see cref="PlotValue"/>),
/// never drop it.
/// </summary>
/// <param name="Width">The smallest width found; null for none.</param>
/// <param name="LargestTried">The largest width the search tried (for a none, the largest failing width).</param>
public readonly record struct WidthOutcome(double? Width, double LargestTried)
{
    /// <summary>Whether the search found no width (the value is a lower bound).</summary>
    public bool IsLowerBound => Width is null;

    /// <summary>The width, or for a none the largest width tried, so a figure can place the lower bound.</summary>
    public double PlotValue => Width ?? LargestTried;

    /// <summary>The width as table text (G4), or <c>&gt; W</c> for a none, W the largest width tried.</summary>
    public string Display() => Display(1);

    /// <summary>The width divided by <paramref name="scale"/> (for example N/d) as table text, or <c>&gt; W/scale</c> for a none.</summary>
    public string Display(double scale) =>
        (IsLowerBound ? "> " : "") + (PlotValue / scale).ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>
    /// The median over <paramref name="outcomes"/> (the data seeds of one cell), a none ranking above every width: the
    /// middle value for an odd count; for an even count the mean of the two middle widths, or a none when the upper
    /// middle is one (then at least half of the seeds found none). A none's bound is the smallest largest-tried among
    /// the nones, the bound they all satisfy.
    /// </summary>
    /// <exception cref="ArgumentException">No outcomes.</exception>
    public static WidthOutcome Median(IReadOnlyList<WidthOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0) throw new ArgumentException("The median of no outcomes is undefined.", nameof(outcomes));
        var sorted = outcomes.OrderBy(o => o.Width ?? double.PositiveInfinity).ToList();
        int upper = sorted.Count / 2;
        if (sorted[upper].IsLowerBound)
            return new WidthOutcome(null, outcomes.Where(o => o.IsLowerBound).Min(o => o.LargestTried));
        double width = sorted.Count % 2 == 1 ? sorted[upper].Width!.Value : (sorted[upper - 1].Width!.Value + sorted[upper].Width!.Value) / 2;
        return new WidthOutcome(width, outcomes.Max(o => o.LargestTried));
    }
}

namespace MemLab.Experiments;

/// <summary>
/// One figure a sweep's report draws (the spec's <c>"figures"</c> list, in order), for example
/// <c>{ "kind": "heatmap", "x": "width", "rows": "lambda", "y": "pruned_width", "where": { "cover": "greedy" },
/// "contour": 0.99, "contour_of": "memorized" }</c> or
/// <c>{ "kind": "line", "x": "lambda", "y": "memorized", "series": "width", "where": { "width": [50, 200, 500], "cover": "random" } }</c>.
/// Grid parameters the figure does not show must be narrowed to one value by <see cref="Where"/>.
/// </summary>
public sealed record SweepFigure
{
    /// <summary>The pseudo-metric for a cell's fraction of successful runs, which every sweep can draw.</summary>
    public const string SuccessRate = "success_rate";

    /// <summary>Line, heatmap or scatter.</summary>
    public required FigureKind Kind { get; init; }

    /// <summary>The grid parameter on the x axis (a line figure puts numbers at their values and text values evenly, in grid order).</summary>
    public required string X { get; init; }

    /// <summary>Heatmap only: the grid parameter along the rows (y axis). Required for a heatmap.</summary>
    public string? Rows { get; init; }

    /// <summary>The metric drawn (a line's y, a heatmap's colour): a recorded metric or <see cref="SuccessRate"/>. Default <see cref="SuccessRate"/>.</summary>
    public string Y { get; init; } = SuccessRate;

    /// <summary>Line and scatter: the grid parameter drawn as one line (one colour of points) per value. Default none.</summary>
    public string? Series { get; init; }

    /// <summary>
    /// Keep only the cells whose parameter takes one of the listed values: a parameter listed twice keeps either value,
    /// different parameters must all match. Default none (every cell).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Where { get; init; } = [];

    /// <summary>Heatmap only: outline the cells where <see cref="ContourOf"/> is at least this level, e.g. 0.99. Default none.</summary>
    public double? Contour { get; init; }

    /// <summary>The metric the contour follows; default <see cref="Y"/> (so a width heatmap can carry the 0.99 contour of <c>memorized</c>).</summary>
    public string? ContourOf { get; init; }

    /// <summary>Line and scatter: log-log axes. Default false.</summary>
    public bool Log { get; init; }
}

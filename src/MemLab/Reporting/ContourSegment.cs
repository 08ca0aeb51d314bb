namespace MemLab.Reporting;

/// <summary>One straight piece of a contour, in grid-index coordinates (cell (i, j) is centred on x = i, y = j).</summary>
/// <param name="X1">The x of the first end.</param>
/// <param name="Y1">The y of the first end.</param>
/// <param name="X2">The x of the second end.</param>
/// <param name="Y2">The y of the second end.</param>
public sealed record ContourSegment(double X1, double Y1, double X2, double Y2);

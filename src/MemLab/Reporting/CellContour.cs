namespace MemLab.Reporting;

/// <summary>
/// The contour of a gridded field at one level, traced along cell boundaries: the outline of the region where the
/// value is at least the level. Each unit edge shared by a cell at or above the level and a neighbour below it is one
/// segment. Cells that are NaN (no data) belong to neither side, so no edge is drawn next to them, and the grid's
/// outer border is not part of the contour. On a coarse grid of experiment cells this is exact about which cells
/// pass, where interpolated contours (marching squares) would invent values between cells.
/// </summary>
public static class CellContour
{
    /// <summary>
    /// The boundary segments of { value >= <paramref name="level"/> } over <paramref name="values"/>, indexed
    /// [row y, column x]; cell (x, y) is the unit square centred on (x, y), so segments lie on half-integer lines.
    /// </summary>
    /// <exception cref="MemLabException">The level is not finite.</exception>
    public static IReadOnlyList<ContourSegment> Trace(double[,] values, double level)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!double.IsFinite(level))
            throw MemLabException.InvalidOptions($"The contour level is {level}; give a finite number, for example 0.99.");
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var segments = new List<ContourSegment>();
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                if (x + 1 < columns && Differ(values[y, x], values[y, x + 1], level))
                    segments.Add(new ContourSegment(x + 0.5, y - 0.5, x + 0.5, y + 0.5));
                if (y + 1 < rows && Differ(values[y, x], values[y + 1, x], level))
                    segments.Add(new ContourSegment(x - 0.5, y + 0.5, x + 0.5, y + 0.5));
            }
        }
        return segments;
    }

    private static bool Differ(double a, double b, double level) =>
        !double.IsNaN(a) && !double.IsNaN(b) && (a >= level) != (b >= level);
}

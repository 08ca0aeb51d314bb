using MemLab.Reporting;

namespace MemLab.Tests.Reporting;

public class CellContourTests
{
    [Fact]
    public void Trace_SingleCellAbove_GivesItsFourEdges()
    {
        // 3x3 grid, only the centre (1,1) at or above 0.5: its outline is the unit square around (1,1).
        var values = new double[3, 3];
        values[1, 1] = 0.7;
        var segments = CellContour.Trace(values, 0.5).Select(Normal).OrderBy(s => s).ToList();
        var expected = new[]
        {
            (0.5, 0.5, 0.5, 1.5), (1.5, 0.5, 1.5, 1.5), // left and right
            (0.5, 0.5, 1.5, 0.5), (0.5, 1.5, 1.5, 1.5), // bottom and top
        }.OrderBy(s => s).ToList();
        Assert.Equal(expected, segments);
    }

    [Fact]
    public void Trace_Staircase_SegmentsSeparateAboveFromBelow()
    {
        // values[y, x] = x + y; level 2: above where x + y >= 2. Rows y=0: 0 1 2, y=1: 1 2 3.
        var values = new double[,] { { 0, 1, 2 }, { 1, 2, 3 } };
        var segments = CellContour.Trace(values, 2).Select(Normal).OrderBy(s => s).ToList();
        // Horizontal neighbours differing: (1,0)-(2,0) and (0,1)-(1,1). Vertical: (1,0)-(1,1). (0,0)-(0,1): 0,1 both below; (2,0)-(2,1) both above.
        var expected = new[] { (1.5, -0.5, 1.5, 0.5), (0.5, 0.5, 0.5, 1.5), (0.5, 0.5, 1.5, 0.5) }.OrderBy(s => s).ToList();
        Assert.Equal(expected, segments);
    }

    [Fact]
    public void Trace_NaNNeighbourAndUniformGrid_NoSegments()
    {
        Assert.Empty(CellContour.Trace(new double[,] { { 1, double.NaN }, { 1, 1 } }, 0.5));
        Assert.Empty(CellContour.Trace(new double[,] { { 0, 0 }, { 0, 0 } }, 0.5));
    }

    [Fact]
    public void Trace_NonFiniteLevel_ThrowsInvalidOptions()
    {
        var error = Assert.Throws<MemLabException>(() => CellContour.Trace(new double[1, 1], double.NaN));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("NaN", error.Message);
    }

    private static (double, double, double, double) Normal(ContourSegment s) =>
        (s.X1, s.Y1) .CompareTo((s.X2, s.Y2)) <= 0 ? (s.X1, s.Y1, s.X2, s.Y2) : (s.X2, s.Y2, s.X1, s.Y1);
}

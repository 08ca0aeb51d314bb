using MemLab.Analysis;

namespace MemLab.Tests.Analysis;

public class WidthOutcomeTests
{
    [Fact]
    public void None_IsShownAsLowerBoundAtTheLargestWidthTried()
    {
        var none = new WidthOutcome(null, 1024);
        Assert.True(none.IsLowerBound);
        Assert.Equal("> 1024", none.Display());
        Assert.Equal(1024, none.PlotValue);
        Assert.Equal("> 8", none.Display(128));
        var found = new WidthOutcome(37, 64);
        Assert.Equal("37", found.Display());
        Assert.Equal(37, found.PlotValue);
        Assert.Equal("0.2891", found.Display(128));
    }

    [Fact]
    public void Median_OddCount_MiddleValueWithNoneAboveEveryWidth()
    {
        var median = WidthOutcome.Median([new(null, 512), new(20, 32), new(40, 64)]);
        Assert.Equal(40, median.Width);
        Assert.Equal(512, median.LargestTried);
    }

    [Fact]
    public void Median_MajorityNone_IsNoneBoundedByTheSmallestLargestTried()
    {
        var median = WidthOutcome.Median([new(null, 1024), new(20, 32), new(null, 512)]);
        Assert.True(median.IsLowerBound);
        Assert.Equal(512, median.LargestTried);
    }

    [Fact]
    public void Median_EvenCount_MeanOfMiddleWidthsOrNone()
    {
        Assert.Equal(30, WidthOutcome.Median([new(20, 32), new(40, 64), new(10, 16), new(null, 64)]).Width);
        Assert.True(WidthOutcome.Median([new(20, 32), new(null, 64)]).IsLowerBound);
    }
}

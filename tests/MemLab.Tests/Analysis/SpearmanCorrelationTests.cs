using MemLab.Analysis;

namespace MemLab.Tests.Analysis;

public class SpearmanCorrelationTests
{
    [Fact]
    public void Of_MonotoneButNonlinear_IsOne()
    {
        Assert.Equal(1.0, SpearmanCorrelation.Of([1, 2, 3, 4, 5], [1, 8, 27, 64, 125])!.Value, 12);
        Assert.Equal(-1.0, SpearmanCorrelation.Of([1, 2, 3, 4, 5], [5, 4, 3, 2, -10])!.Value, 12);
    }

    [Fact]
    public void Of_WithTies_MatchesScipy()
    {
        // Mean ranks x = 1, 2.5, 2.5, 4, 5 and y = 2, 1, 4.5, 4.5, 3: centred sums sxy = 3.75, sxx = syy = 9.5 (by hand).
        double[] rx = [1, 2.5, 2.5, 4, 5];
        Assert.Equal(3.75 / 9.5, SpearmanCorrelation.Of([1, 2, 2, 3, 5], [2, 1, 4, 4, 3])!.Value, 12);
        Assert.Equal(rx, SpearmanCorrelation.Ranks([1, 2, 2, 3, 5]));
    }

    [Fact]
    public void Of_ConstantOrTooFew_IsNull()
    {
        Assert.Null(SpearmanCorrelation.Of([1, 2, 3], [4, 4, 4]));
        Assert.Null(SpearmanCorrelation.Of([1, 2], [3, 4]));
    }
}

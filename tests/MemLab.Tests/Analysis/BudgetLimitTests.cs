using MemLab.Analysis;

namespace MemLab.Tests.Analysis;

public class BudgetLimitTests
{
    [Theory]
    [InlineData(100.0, 79.0, true)]    // 4B needs less than 0.8 of B's width
    [InlineData(100.0, 80.0, false)]   // exactly 0.8: not below
    [InlineData(100.0, 95.0, false)]
    [InlineData(100.0, 120.0, false)]  // more width at 4B (noise): not limited
    [InlineData(null, 300.0, true)]    // B found none, 4B found one
    [InlineData(null, null, false)]    // neither found one: a lower bound, not a budget effect the rule can see
    [InlineData(100.0, null, false)]
    public void IsLimited_FollowsTheRule(double? atB, double? at4B, bool limited)
    {
        Assert.Equal(limited, BudgetLimit.IsLimited(new WidthOutcome(atB, 1024), new WidthOutcome(at4B, 1024)));
    }
}

using MemLab.Training;

namespace MemLab.Tests.Training;

public class HelperThreadTests
{
    [Fact]
    public void RunHalves_RunsEachHalfOncePerRound_WhicheverThreadTakesIt()
    {
        using var helper = new HelperThread();
        var counts = new int[2];
        for (int round = 0; round < 5000; round++)
        {
            helper.RunHalves(half => Interlocked.Increment(ref counts[half]));
            Assert.Equal(round + 1, Volatile.Read(ref counts[0]));
            Assert.Equal(round + 1, Volatile.Read(ref counts[1]));
        }
    }

    [Fact]
    public void RunHalves_AnErrorInEitherHalf_ReachesTheCallerAndTheNextRoundRuns()
    {
        using var helper = new HelperThread();
        var error = Assert.Throws<InvalidOperationException>(() => helper.RunHalves(half => { if (half == 1) throw new InvalidOperationException("second"); }));
        Assert.Equal("second", error.Message);
        error = Assert.Throws<InvalidOperationException>(() => helper.RunHalves(half => { if (half == 0) throw new InvalidOperationException("first"); }));
        Assert.Equal("first", error.Message);
        int ran = 0;
        helper.RunHalves(_ => Interlocked.Increment(ref ran));
        Assert.Equal(2, ran);
    }
}

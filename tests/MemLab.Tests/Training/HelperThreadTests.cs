using MemLab.Training;

namespace MemLab.Tests.Training;

public class HelperThreadTests
{
    [Fact]
    public void Run_RunsEachItemOncePerRound_OnOneOfTheTwoThreads()
    {
        using var helper = new HelperThread();
        var runs = new int[9];
        var threads = new int[2];
        int total = 0;
        for (int round = 0; round < 5000; round++)
        {
            int count = round % runs.Length + 1;
            total += count;
            helper.Run(count, (thread, item) =>
            {
                Interlocked.Increment(ref runs[item]);
                Interlocked.Increment(ref threads[thread]);
            });
            for (int item = 0; item < runs.Length; item++)
                Assert.Equal(item < count ? 1 : 0, Volatile.Read(ref runs[item]));
            Array.Clear(runs);
        }
        Assert.Equal(total, threads[0] + threads[1]);
    }

    [Fact]
    public void Run_TheLowestFailingItemsError_ReachesTheCallerAndTheNextRoundRuns()
    {
        using var helper = new HelperThread();
        for (int round = 0; round < 200; round++)
        {
            var error = Assert.Throws<InvalidOperationException>(() =>
                helper.Run(6, (_, item) => { if (item is 2 or 4) throw new InvalidOperationException($"item {item}"); }));
            Assert.Equal("item 2", error.Message);
        }
        int ran = 0;
        helper.Run(3, (_, _) => Interlocked.Increment(ref ran));
        Assert.Equal(3, ran);
    }
}

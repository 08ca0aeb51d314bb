namespace MemLab.Tests;

public class ParallelLoopTests
{
    [Fact]
    public void For_RunsEveryIndexOnce()
    {
        var hits = new int[100];
        ParallelLoop.For(100, 4, i => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void For_SeveralIndicesThrow_RethrowsTheLowestOneUnwrappedWhateverFinishedFirst()
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var error = Assert.Throws<MemLabException>(() => ParallelLoop.For(16, 4, i =>
            {
                // Higher indices fail sooner, so a first-to-fail rule would report one of them.
                Thread.Sleep(16 - i);
                if (i % 5 == 3) throw MemLabException.InvalidOptions($"index {i}");
            }));
            Assert.Equal("index 3", error.Message);
        }
    }
}

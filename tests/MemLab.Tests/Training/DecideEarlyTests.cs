using MemLab.LinearAlgebra;
using MemLab.Training;

namespace MemLab.Tests.Training;

/// <summary>Deciding early: a width's seeds train in waves, only as many as its majority needs.</summary>
public class DecideEarlyTests
{
    [Theory]
    [InlineData(5, 0, 0, 3)]
    [InlineData(5, 2, 1, 1)]
    [InlineData(5, 1, 2, 1)]
    [InlineData(5, 2, 2, 1)]
    [InlineData(5, 3, 0, 0)]
    [InlineData(5, 0, 3, 0)]
    [InlineData(4, 0, 0, 2)]
    [InlineData(4, 1, 1, 1)]
    [InlineData(4, 0, 2, 1)]
    [InlineData(1, 0, 0, 1)]
    [InlineData(6, 1, 0, 2)]
    public void NextWave_TrainsTheFewestSeedsThatCouldDecide(int size, int successes, int failures, int expected) =>
        Assert.Equal(expected, Majority.NextWave(size, successes, failures));

    /// <summary>
    /// For every sequence of outcomes of S seeds, waves train exactly the seeds a loop over seeds that stops at the
    /// decision trains, and reach the same verdict.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    public void Waves_TrainThePrefixOfASequentialLoop(int size)
    {
        for (int mask = 0; mask < 1 << size; mask++)
        {
            bool Memorizes(int seed) => (mask >> seed & 1) == 1;
            int sequential = 0, wins = 0, losses = 0;
            while (!Majority.Decided(size, wins, losses))
                if (Memorizes(sequential++)) wins++;
                else losses++;

            int trained = 0, s = 0, f = 0;
            for (int wave; (wave = Majority.NextWave(size, s, f)) > 0; trained += wave)
                for (int i = trained; i < trained + wave; i++)
                    if (Memorizes(i)) s++;
                    else f++;
            Assert.Equal(sequential, trained);
            Assert.Equal(wins >= Majority.Needed(size), s >= Majority.Needed(size));
        }
    }

    /// <summary>
    /// A scripted training: at width 4 seeds 0 to 2 all fail, at width 8 they all succeed (first waves that agree), at
    /// width 6 seeds 0 to 4 give success, failure, success, failure, success (2 to 1, then 2 to 2, then 3 to 2).
    /// </summary>
    [Fact]
    public void Search_FirstWaveAgrees_TrainsThreeSeeds_ElseOneMoreAtATime()
    {
        var search = new Seed(11);
        var options = new WidthSearchOptions { Seeds = 5, Start = 4, MaxWidth = 8, DecideEarly = true, Workers = 2 };
        var calls = new System.Collections.Concurrent.ConcurrentBag<(int Width, int Index)>();
        WidthRun Train(int width, Seed seed)
        {
            int index = Enumerable.Range(0, options.Seeds).Single(i => search.Derive(width).Derive(i) == seed);
            calls.Add((width, index));
            bool memorized = width switch { 8 => true, 6 => index % 2 == 0, _ => false };
            return new WidthRun(memorized, memorized ? 100 : null);
        }

        var result = WidthSearch.Run(options, Train, search);

        Assert.Equal([4, 8, 6, 5], result.Trials.Select(t => t.Width));
        var trials = result.Trials.ToDictionary(t => t.Width);
        Assert.Equal(3, trials[4].Trained);
        Assert.Equal(2, trials[4].StoppedEarly);
        Assert.Equal(3, trials[8].Trained);
        Assert.Equal(5, trials[6].Trained);
        Assert.Equal(0, trials[6].StoppedEarly);
        Assert.Equal(3, trials[6].Successes);
        Assert.True(trials[6].Succeeded);
        Assert.Equal([0, 1, 2], calls.Where(c => c.Width == 8).Select(c => c.Index).Order());
        Assert.Equal([0, 1, 2, 3, 4], calls.Where(c => c.Width == 6).Select(c => c.Index).Order());
        // Without deciding early every seed trains.
        calls.Clear();
        var exact = WidthSearch.Run(options with { DecideEarly = false }, Train, search);
        Assert.All(exact.Trials, t => Assert.Equal(5, t.Trained));
        Assert.Equal(5 * exact.Trials.Count, calls.Count);
    }

    /// <summary>
    /// On real training the batched search in waves tries the same widths with the same counts as the one-network
    /// trainer's seeds in waves (bit for bit on the managed backend, so a seed trained in any wave is the network trained
    /// alone), trains 3 seeds where the first wave agrees and more where it does not, costs fewer network-steps than
    /// training every seed, and gives the same trials, counts and work for 1 and 2 workers.
    /// </summary>
    [Fact]
    public void Search_RealTraining_WavesMatchTheTrainerAloneAndAnyWorkerCount()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(80, 6, new Seed(4));
        var recipe = new TrainOptions { Steps = 400 };
        var blas = new ManagedBlas(1);
        var options = new WidthSearchOptions { Seeds = 5, MaxWidth = 128, DecideEarly = true };

        var one = WidthSearch.Run(data, recipe, options, new Seed(1), blas);
        var two = WidthSearch.Run(data, recipe, options with { Workers = 2 }, new Seed(1), blas);
        var exact = WidthSearch.Run(data, recipe, options with { DecideEarly = false }, new Seed(1), blas);
        var trainer = new Trainer(blas);
        var alone = WidthSearch.Run(options, (width, seed) =>
        {
            var result = trainer.Train(data, recipe with { Hidden = [width] }, seed);
            return new WidthRun(result.Memorized, result.Memorized ? result.FirstMemorizedStep : null);
        }, new Seed(1));

        static object Key(WidthTrial t) => (t.Width, t.Successes, t.Trained, t.MedianSteps, t.NetworkSteps, t.Batches);
        Assert.Equal(one.Trials.Select(Key), two.Trials.Select(Key));
        Assert.Equal(alone.Trials.Select(t => (t.Width, t.Successes, t.Trained, t.MedianSteps)), one.Trials.Select(t => (t.Width, t.Successes, t.Trained, t.MedianSteps)));
        Assert.Equal(exact.MinimumWidth, one.MinimumWidth);
        Assert.Equal(exact.Trials.Select(t => (t.Width, t.Succeeded)), one.Trials.Select(t => (t.Width, t.Succeeded)));
        Assert.Contains(one.Trials, t => t.Trained == 3);
        Assert.Contains(one.Trials, t => t.Trained > 3);
        Assert.True(one.Trials.Sum(t => t.NetworkSteps) < exact.Trials.Sum(t => t.NetworkSteps));
        Assert.All(exact.Trials, t => Assert.Equal(5, t.Trained));
    }
}

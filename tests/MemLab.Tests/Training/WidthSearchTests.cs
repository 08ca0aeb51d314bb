using MemLab.LinearAlgebra;
using MemLab.Training;

namespace MemLab.Tests.Training;

public class WidthSearchTests
{
    /// <summary>A fake training that memorizes exactly when the width is at least <paramref name="threshold"/>, in 10 x width steps.</summary>
    private static Func<int, Seed, WidthRun> Threshold(int threshold) =>
        (width, _) => width >= threshold ? new WidthRun(true, 10 * width) : new WidthRun(false, null);

    [Fact]
    public void Run_ThresholdTraining_DoublesThenBisectsToTheThreshold()
    {
        var result = WidthSearch.Run(new WidthSearchOptions { Seeds = 3, Start = 2, MaxWidth = 1000 }, Threshold(37), new Seed(1));

        // Doubling 2, 4, 8, 16, 32 fail and 64 succeeds; bisection of (32, 64]: 48, 40, 36, 38, 37.
        Assert.Equal([2, 4, 8, 16, 32, 64, 48, 40, 36, 38, 37], result.Trials.Select(t => t.Width));
        Assert.Equal(37, result.MinimumWidth);
        Assert.Equal(36, result.LargestFailingWidth);
        var found = result.Trials.Single(t => t.Width == 37);
        Assert.Equal(3, found.Successes);
        Assert.Equal(370, found.MedianSteps);
        Assert.Null(result.Trials[0].MedianSteps);
    }

    [Fact]
    public void Run_StartAlreadySucceeds_BisectsDownFromIt()
    {
        var result = WidthSearch.Run(new WidthSearchOptions { Seeds = 1, Start = 16, MaxWidth = 64 }, Threshold(5), new Seed(1));

        Assert.Equal([16, 8, 4, 6, 5], result.Trials.Select(t => t.Width));
        Assert.Equal(5, result.MinimumWidth);
        Assert.Equal(4, result.LargestFailingWidth);
    }

    [Fact]
    public void Run_EvenTheLargestWidthFails_ReportsNoWidthAfterTryingTheCap()
    {
        var result = WidthSearch.Run(new WidthSearchOptions { Seeds = 2, Start = 3, MaxWidth = 20 }, Threshold(21), new Seed(1));

        Assert.Equal([3, 6, 12, 20], result.Trials.Select(t => t.Width));
        Assert.Null(result.MinimumWidth);
        Assert.Equal(20, result.LargestFailingWidth);
    }

    [Fact]
    public void Run_RelativePrecision_StopsOnceTheIntervalIsNarrowEnough()
    {
        var result = WidthSearch.Run(new WidthSearchOptions { Seeds = 1, Start = 1, MaxWidth = 1000, RelativePrecision = 0.1 }, Threshold(37), new Seed(1));

        // After 64 succeeds: 48 succeeds, 40 succeeds (40 - 32 = 8 > 4), 36 fails; 40 - 36 = 4 <= 0.1 x 40 stops.
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 48, 40, 36], result.Trials.Select(t => t.Width));
        Assert.Equal(40, result.MinimumWidth);
        Assert.Equal(36, result.LargestFailingWidth);
    }

    [Fact]
    public void Run_HalfTheSeedsSucceed_CountsAsSuccess()
    {
        // Seed index i (recovered from the seed) memorizes at width w when i < w - 9: at width 11 two of four seeds do.
        var options = new WidthSearchOptions { Seeds = 4, Start = 8, MaxWidth = 16 };
        var search = new Seed(9);
        WidthRun Train(int width, Seed seed)
        {
            int index = Enumerable.Range(0, options.Seeds).Single(i => search.Derive(width).Derive(i) == seed);
            return new WidthRun(index < width - 9, index < width - 9 ? 1 : null);
        }
        var result = WidthSearch.Run(options, Train, search);

        Assert.Equal(11, result.MinimumWidth);
        var trials = result.Trials.ToDictionary(t => t.Width);
        Assert.Equal(2, trials[11].Successes);
        Assert.True(trials[11].Succeeded);
        Assert.Equal(1, trials[10].Successes);
        Assert.False(trials[10].Succeeded);
    }

    [Fact]
    public void Run_RealTraining_SameResultForAnyWorkerCount()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(60, 4, new Seed(3));
        var recipe = new TrainOptions { LearningRate = 0.05, Steps = 150 };
        var blas = new ManagedBlas(1);
        WidthSearchResult Search(int workers) =>
            WidthSearch.Run(data, recipe, new WidthSearchOptions { Seeds = 4, Start = 2, MaxWidth = 64, Workers = workers }, new Seed(5), blas);

        var one = Search(1);
        var three = Search(3);

        Assert.NotNull(one.MinimumWidth);
        Assert.True(one.Trials.Count >= 3, "the search should double and bisect");
        Assert.Equal(one.Trials.Select(t => (t.Width, t.Successes, t.MedianSteps)), three.Trials.Select(t => (t.Width, t.Successes, t.MedianSteps)));
        Assert.Equal(one.MinimumWidth, three.MinimumWidth);
    }

    /// <summary>
    /// The data overload trains narrow doubling widths together (1 to 16 in one batch here) and drops those after
    /// the first success; the widths tried, their counts and median steps are those of one width at a time with the
    /// one-network trainer (bit for bit on the managed backend).
    /// </summary>
    [Fact]
    public void Run_NarrowDoublingWidthsBatchedTogether_TriesTheWidthsOfAOneWidthAtATimeSearch()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(24, 4, new Seed(3));
        var recipe = new TrainOptions { LearningRate = 0.05, Steps = 400 };
        var blas = new ManagedBlas(1);
        var options = new WidthSearchOptions { Seeds = 2, Start = 1, MaxWidth = 64 };
        Assert.True((1 + 2 + 4 + 8 + 16) * options.Seeds <= WidthSearch.DoublingColumns);
        var batched = WidthSearch.Run(data, recipe, options, new Seed(5), blas);
        var alone = OneWidthAtATime(data, recipe, options, blas);

        Assert.Equal(alone.Trials.Select(t => (t.Width, t.Successes, t.MedianSteps)), batched.Trials.Select(t => (t.Width, t.Successes, t.MedianSteps)));
        Assert.Equal(alone.MinimumWidth, batched.MinimumWidth);
        // The first success came inside the batched group, so the widths after it were trained and dropped.
        Assert.InRange(batched.Trials.First(t => t.Succeeded).Width, 2, 8);
    }

    /// <summary>The search of the data overload's protocol with each seed trained alone by the one-network trainer, seed 5.</summary>
    private static WidthSearchResult OneWidthAtATime(Dataset data, TrainOptions recipe, WidthSearchOptions options, IBlas blas)
    {
        var trainer = new Trainer(blas);
        return WidthSearch.Run(options, (width, seed) =>
        {
            var result = trainer.Train(data, recipe with { Hidden = [width] }, seed);
            return new WidthRun(result.Memorized, result.Memorized ? result.FirstMemorizedStep : null);
        }, new Seed(5));
    }

    /// <summary>
    /// With two workers a doubling round trains two batches at once (here 1 to 16 and then 32, each within the
    /// doubling columns); the widths tried, their counts and median steps stay those of one worker
    /// and of one width at a time, on data whose first success falls in the first batch (4: the second batch's 32 is
    /// dropped) and on data where it falls in the second (32).
    /// </summary>
    [Theory]
    [InlineData(24, 400, 4)]
    [InlineData(100, 300, 32)]
    public void Run_TwoWorkersTrainTwoDoublingBatchesAtOnce_TheSearchOfOneWidthAtATime(int points, int steps, int firstSuccess)
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(points, 4, new Seed(3));
        var recipe = new TrainOptions { LearningRate = 0.05, Steps = steps };
        var blas = new ManagedBlas(1);
        var options = new WidthSearchOptions { Seeds = 2, Start = 1, MaxWidth = 128 };
        Assert.True((1 + 2 + 4 + 8 + 16) * options.Seeds <= WidthSearch.DoublingColumns && 32 * options.Seeds <= WidthSearch.SpeculativeColumns);
        var one = WidthSearch.Run(data, recipe, options, new Seed(5), blas);
        var two = WidthSearch.Run(data, recipe, options with { Workers = 2 }, new Seed(5), blas);
        var alone = OneWidthAtATime(data, recipe, options, blas);

        Assert.Equal(alone.Trials.Select(t => (t.Width, t.Successes, t.MedianSteps)), two.Trials.Select(t => (t.Width, t.Successes, t.MedianSteps)));
        Assert.Equal(one.Trials.Select(t => (t.Width, t.Successes, t.MedianSteps, t.Batches, t.Bytes)),
            two.Trials.Select(t => (t.Width, t.Successes, t.MedianSteps, t.Batches, t.Bytes)));
        Assert.Equal(alone.MinimumWidth, two.MinimumWidth);
        Assert.Equal(firstSuccess, two.Trials.First(t => t.Succeeded).Width);
    }

    [Fact]
    public void Run_RealTraining_MatchesTrainerRunsAtTheFoundWidthAndBelow()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(60, 4, new Seed(3));
        var recipe = new TrainOptions { LearningRate = 0.05, Steps = 150 };
        var blas = new ManagedBlas(1);
        var search = new Seed(5);
        var options = new WidthSearchOptions { Seeds = 3, Start = 2, MaxWidth = 64 };
        var result = WidthSearch.Run(data, recipe, options, search, blas);

        var trainer = new Trainer(blas);
        int Successes(int width) => Enumerable.Range(0, options.Seeds)
            .Count(i => trainer.Train(data, recipe with { Hidden = [width] }, search.Derive(width).Derive(i)).Memorized);
        int found = result.MinimumWidth!.Value;
        Assert.True(2 * Successes(found) >= options.Seeds);
        Assert.True(2 * Successes(result.LargestFailingWidth) < options.Seeds);
        Assert.Equal(found - 1, result.LargestFailingWidth);
    }

    [Theory]
    [InlineData(0, 1, 10, 1, "seeds per width")]
    [InlineData(5, 0, 10, 1, "start width")]
    [InlineData(5, 20, 10, 1, "below the start width")]
    [InlineData(5, 1, 10, 0, "workers")]
    public void Run_ImpossibleOptions_ThrowInvalidOptionsNamingThem(int seeds, int start, int max, int workers, string named)
    {
        var options = new WidthSearchOptions { Seeds = seeds, Start = start, MaxWidth = max, Workers = workers };
        var error = Assert.Throws<MemLabException>(() => WidthSearch.Run(options, Threshold(1), new Seed(0)));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Run_LabelsTheLossCannotTake_ThrowsBeforeTraining()
    {
        var data = MemLab.Data.Generators.MixtureGenerator.Generate(30, 3, 3, 0.1, new Seed(1));
        var error = Assert.Throws<MemLabException>(() =>
            WidthSearch.Run(data, new TrainOptions { Loss = Loss.Logistic }, new WidthSearchOptions(), new Seed(0), new ManagedBlas(1)));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("cross-entropy", error.Message);
    }

    [Fact]
    public void Run_LargestWidthAboveTheMemoryBudget_RefusedBeforeAnyTraining()
    {
        // Width 1 fits the budget, the cap does not: the search must refuse at once, not after training the small widths.
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(30, 3, new Seed(1));
        long budget = BatchedTraining.NetworkBytes(30, 3, 64, 1) - 1;
        var progress = new List<WidthTrial>();
        var error = Assert.Throws<MemLabException>(() =>
            WidthSearch.Run(data, new TrainOptions(), new WidthSearchOptions { Start = 1, MaxWidth = 64, MemoryBytes = budget }, new Seed(0),
                new ManagedBlas(1), new TrialLog(progress)));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("width 64", error.Message);
        Assert.Empty(progress);
    }

    [Fact]
    public void Run_ZeroStepBudget_ThrowsInvalidOptions()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(30, 3, new Seed(1));
        var error = Assert.Throws<MemLabException>(() =>
            WidthSearch.Run(data, new TrainOptions { Steps = 0 }, new WidthSearchOptions(), new Seed(0), new ManagedBlas(1)));
        Assert.Contains("step budget", error.Message);
    }

    [Fact]
    public void Run_TimeLimit_RefusedBecauseTheWidthWouldNotReplay()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(30, 3, new Seed(1));
        var error = Assert.Throws<MemLabException>(() =>
            WidthSearch.Run(data, new TrainOptions { TimeLimitSeconds = 5 }, new WidthSearchOptions(), new Seed(0), new ManagedBlas(1)));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("time limit", error.Message);
    }

    [Fact]
    public void Run_SeveralWorkersOnAMultiThreadedBackend_Refuses()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(30, 3, new Seed(1));
        var error = Assert.Throws<MemLabException>(() =>
            WidthSearch.Run(data, new TrainOptions(), new WidthSearchOptions { Workers = 2 }, new Seed(0), new ManagedBlas(2)));
        Assert.Contains("one-threaded", error.Message);
    }

    [Fact]
    public void Run_TrainingThrows_ThePlainErrorReachesTheCaller()
    {
        var error = Assert.Throws<MemLabException>(() => WidthSearch.Run(new WidthSearchOptions { Workers = 2 },
            (_, _) => throw MemLabException.InvalidOptions("too wide"), new Seed(0)));
        Assert.Equal("too wide", error.Message);
    }

    private sealed class TrialLog(List<WidthTrial> trials) : IProgress<WidthTrial>
    {
        public void Report(WidthTrial value) => trials.Add(value);
    }
}

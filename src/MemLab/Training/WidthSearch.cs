using System.Diagnostics;
using MemLab.LinearAlgebra;

namespace MemLab.Training;

/// <summary>
/// Finds the smallest hidden width at which a one-hidden-layer network trained by gradient descent memorizes its data
/// in at least half of S seeds (the protocol of docs/algorithms.md section 6, after Oymak and Soltanolkotabi's width phase
/// transition): widths double from the start until one succeeds, then bisection between the last failure (0 when the
/// start already succeeds) and the first success narrows it down.
/// </summary>
/// <remarks>
/// The seeds of a width train together as one batch (<see cref="BatchedTraining"/>), under the memory budget; deciding
/// early, in waves of as many seeds as could still decide its majority (<see cref="Majority.NextWave"/>: 3 of 5 first,
/// then one more while 2 to 1 or 2 to 2), so that it trains the seeds a loop over seeds that stops at the decision would.
/// Determinism: the training of seed index i at width w starts from <c>seed.Derive(w).Derive(i)</c>, and each width's
/// outcome depends only on its trainings, never on the worker count, so the widths tried and every count are the same
/// for any number of workers. Workers above 1 need a one-threaded backend (never BLAS threads inside parallel
/// trainings).
/// </remarks>
public static class WidthSearch
{
    /// <summary>
    /// The learning rate of plain full-batch GD in a width search that sets none: 2, which memorized within 1,000 steps on
    /// Gaussian, anisotropic and MNIST data at N = 500 where 0.5 and 1 ran out of steps and the trainer's default of
    /// 0.01 (Adam's) barely moves plain GD.
    /// </summary>
    public const double PlainGdLearningRate = 2;

    /// <summary>The recipe with <see cref="PlainGdLearningRate"/> for plain GD when the user gave no learning rate; unchanged otherwise.</summary>
    public static TrainOptions WithDefaultRate(TrainOptions recipe, bool rateGiven)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return !rateGiven && recipe.Optimizer == Optimizer.Gd ? recipe with { LearningRate = PlainGdLearningRate } : recipe;
    }

    /// <summary>
    /// Searches widths for <paramref name="data"/> trained with <paramref name="recipe"/> (its hidden layers are replaced
    /// by one layer of the width tried).
    /// </summary>
    /// <param name="data">Class labels the recipe's loss can take, or real targets with the square loss.</param>
    /// <param name="recipe">Optimizer, learning rate, loss, initialization and step budget.</param>
    /// <param name="options">Seeds, widths, precision, workers, memory budget and deciding early.</param>
    /// <param name="seed">The search seed.</param>
    /// <param name="blas">The backend every training uses; one thread when <see cref="WidthSearchOptions.Workers"/> &gt; 1.</param>
    /// <param name="progress">Receives each width once its seeds are done; null for none.</param>
    /// <exception cref="MemLabException">Invalid options or recipe (a time limit among them), a multi-threaded backend with several workers, or
    /// data the loss cannot take (real targets without the square loss, more classes than the loss handles), a width above the memory budget.</exception>
    public static WidthSearchResult Run(Dataset data, TrainOptions recipe, WidthSearchOptions options, Seed seed, IBlas blas,
        IProgress<WidthTrial>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(blas);
        recipe.Validate();
        if (recipe.TimeLimitSeconds is not null)
            throw MemLabException.InvalidOptions(
                "A width search takes no time limit: with one, whether a training memorizes depends on the machine's load and the worker count, so the width found would not replay. Bound the training by its step budget (--steps) instead.");
        options.Validate();
        int outputs = Trainer.CheckData(data, recipe.Loss);
        // The largest width must fit before any training: refusing it only when the doubling reaches it would throw
        // away hours of smaller widths.
        BatchedTraining.RequireFits(data, options.MaxWidth, outputs, options.MemoryBytes, BatchedTraining.Fusable(recipe, data.SampleCount));
        ParallelLoop.RequireOneThreaded(options.Workers, blas, "trainings");
        var batching = options.Batching();
        return Search(options, widths => BatchedTrials(data, recipe, widths, options, batching, seed, blas), DoublingColumns,
            Math.Min(options.Workers, DoublingBatches), progress);
    }

    /// <summary>
    /// The doubling phase trains consecutive widths (w, 2w, 4w, ...) in one batch while their seeds' widths add up to at
    /// most this many columns of the shared product. Narrower products run far below the BLAS's speed (on N = 2,000,
    /// d = 50, one thread: about 25 GFLOP/s at 5 columns against 80 at 80 columns), and the widths trained beyond the
    /// first success, whose results the search then drops, cost at most this many columns.
    /// </summary>
    internal const int DoublingColumns = 80;

    /// <summary>
    /// With two workers or more, the doubling phase trains this many batches of widths (each of at most
    /// <see cref="DoublingColumns"/> columns, or one width) at once, one per worker, when the second's columns are at
    /// most <see cref="SpeculativeColumns"/>: the two run side by side with no hand-over between threads at each step,
    /// where one batch on two threads hands its passes over twice a step. The batches are those of one worker
    /// (each width trains in the same batch, with the same mates, either way); only which of them train at once
    /// changes, and the widths trained beyond the first success are dropped.
    /// </summary>
    internal const int DoublingBatches = 2;

    /// <summary>
    /// The most columns of a batch that the doubling phase trains beside an earlier one (<see cref="DoublingBatches"/>):
    /// as many as one batch may hold, so that what a round trains beyond its first success, and the search then drops,
    /// stays as small as before (on N = 2000 Gaussian data the round of widths 1 to 8 and 16; widths 32 and 64 train one
    /// after the other).
    /// </summary>
    internal const int SpeculativeColumns = DoublingColumns;

    /// <summary>
    /// Trains the seeds of the given widths as batched jobs, one group per width, and counts each width's verified
    /// successes. Every seed trains to its own end; deciding early, a width's seeds train in waves
    /// (<see cref="InWaves"/>), the waves of all the widths still undecided together. The batches depend only on the
    /// widths and the earlier waves' outcomes, never on the worker count. A wave's seconds are shared among its widths
    /// in proportion to the hidden units times steps each trained.
    /// </summary>
    private static WidthTrial[] BatchedTrials(Dataset data, TrainOptions recipe, IReadOnlyList<int> widths, WidthSearchOptions options,
        BatchedTrainingOptions batching, Seed seed, IBlas blas)
    {
        // Plain loops: LINQ over the jobs and runs (value types) would be compiled just in time in every process.
        var batchOf = DoublingBatchesOf(widths, options, DoublingColumns);
        int groups = widths.Count;
        var outcomes = new List<JobOutcome>[groups];
        var batches = new List<TrainingBatch>[groups];
        for (int g = 0; g < groups; g++) (outcomes[g], batches[g]) = ([], []);
        var seconds = new double[groups];
        InWaves(groups, options, wave =>
        {
            var jobs = new TrainingJob[wave.Count];
            for (int j = 0; j < jobs.Length; j++)
                jobs[j] = new TrainingJob(widths[wave[j].Group], SeedOf(seed, widths[wave[j].Group], wave[j].Index), wave[j].Group, batchOf[wave[j].Group]);
            var result = BatchedTraining.Train(data, recipe, jobs, batching, blas);
            var memorized = new bool[result.Outcomes.Count];
            var unitStepsOf = new double[groups];
            var trained = new bool[groups];
            double allUnitSteps = 0;
            for (int j = 0; j < memorized.Length; j++)
            {
                var outcome = result.Outcomes[j];
                int group = outcome.Job.Group;
                outcomes[group].Add(outcome);
                trained[group] = true;
                unitStepsOf[group] += (double)outcome.Job.Width * outcome.Steps;
                allUnitSteps += (double)outcome.Job.Width * outcome.Steps;
                memorized[j] = outcome.Memorized;
            }
            double unitSteps = Math.Max(1, allUnitSteps);
            for (int group = 0; group < groups; group++)
            {
                if (!trained[group]) continue;
                foreach (var batch in result.Batches)
                    for (int k = 0; k < batch.Jobs.Count; k++)
                        if (jobs[batch.Jobs[k]].Group == group)
                        {
                            batches[group].Add(batch);
                            break;
                        }
                seconds[group] += result.Seconds * unitStepsOf[group] / unitSteps;
            }
            return memorized;
        });
        var trials = new WidthTrial[groups];
        for (int group = 0; group < groups; group++)
        {
            var runs = new WidthRun[outcomes[group].Count];
            int unverified = 0;
            long networkSteps = 0;
            for (int i = 0; i < runs.Length; i++)
            {
                var outcome = outcomes[group][i];
                runs[i] = new WidthRun(outcome.Memorized, outcome.Memorized ? outcome.FirstMemorizedStep : null);
                if (outcome.Verification is { Memorized: false }) unverified++;
                networkSteps = checked(networkSteps + outcome.Steps);
            }
            long bytes = batches[group][0].Bytes;
            foreach (var batch in batches[group]) bytes = Math.Max(bytes, batch.Bytes);
            trials[group] = Summarize(widths[group], options.Seeds, runs, seconds[group]) with
            {
                Unverified = unverified,
                Batches = batches[group].Count,
                Bytes = bytes,
                NetworkSteps = networkSteps,
            };
        }
        return trials;
    }

    /// <summary>
    /// Runs the seeds of <paramref name="groups"/> widths: all of each width's seeds in one wave, or deciding early in
    /// waves of <see cref="Majority.NextWave"/> seeds (seed indices in order), the widths still undecided together, until
    /// every width is decided. <paramref name="train"/> trains one wave of (group, seed index) pairs and says, in the same
    /// order, which memorized.
    /// </summary>
    private static void InWaves(int groups, WidthSearchOptions options, Func<IReadOnlyList<(int Group, int Index)>, IReadOnlyList<bool>> train)
    {
        var successes = new int[groups];
        var failures = new int[groups];
        while (true)
        {
            var wave = new List<(int Group, int Index)>();
            for (int g = 0; g < groups; g++)
            {
                int trained = successes[g] + failures[g];
                int size = options.DecideEarly ? Majority.NextWave(options.Seeds, successes[g], failures[g]) : options.Seeds - trained;
                for (int i = trained; i < trained + size; i++) wave.Add((g, i));
            }
            if (wave.Count == 0) return;
            var memorized = train(wave);
            for (int j = 0; j < wave.Count; j++)
                if (memorized[j]) successes[wave[j].Group]++;
                else failures[wave[j].Group]++;
        }
    }

    /// <summary>The seed of training <paramref name="index"/> at <paramref name="width"/>.</summary>
    private static Seed SeedOf(Seed seed, int width, int index) => seed.Derive(width).Derive(index);

    /// <summary>
    /// Searches widths with <paramref name="train"/> deciding each training: given a width and a seed, it says whether
    /// the training memorized. The doubling and bisection are those of the data overload.
    /// </summary>
    /// <param name="options">Seeds, widths, precision and workers.</param>
    /// <param name="train">Trains one network; called from up to <see cref="WidthSearchOptions.Workers"/> threads at once.</param>
    /// <param name="seed">The search seed.</param>
    /// <param name="progress">Receives each width once its seeds are done; null for none.</param>
    /// <exception cref="MemLabException">Invalid options, or what <paramref name="train"/> throws.</exception>
    public static WidthSearchResult Run(WidthSearchOptions options, Func<int, Seed, WidthRun> train, Seed seed, IProgress<WidthTrial>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        options.Validate();
        return Search(options, widths => widths.Select(width => Trial(width, options, train, seed)).ToArray(), 0, 1, progress);
    }

    /// <summary>
    /// Doubling from the start width until a width succeeds, then bisection, with <paramref name="tryWidths"/> deciding
    /// widths. The doubling phase hands it consecutive widths together: up to <paramref name="doublingBatches"/> batches
    /// of widths whose seeds' widths add up to at most <paramref name="doublingColumns"/> (always at least one width;
    /// <see cref="DoublingWidths"/>); the widths after the first success among them are dropped, so the widths tried
    /// and their order are those of a search that tries one width at a time.
    /// </summary>
    private static WidthSearchResult Search(WidthSearchOptions options, Func<IReadOnlyList<int>, IReadOnlyList<WidthTrial>> tryWidths, int doublingColumns,
        int doublingBatches, IProgress<WidthTrial>? progress)
    {
        var clock = Stopwatch.StartNew();
        var trials = new List<WidthTrial>();
        void Record(WidthTrial trial)
        {
            trials.Add(trial);
            progress?.Report(trial);
        }

        int lastFailure = 0;
        int? firstSuccess = null;
        for (int width = options.Start; firstSuccess is null;)
        {
            var widths = DoublingWidths(width, options, doublingColumns, doublingBatches);
            foreach (var trial in tryWidths(widths))
            {
                Record(trial);
                if (trial.Succeeded)
                {
                    firstSuccess = trial.Width;
                    break;
                }
                lastFailure = trial.Width;
            }
            if (firstSuccess is not null || widths[^1] == options.MaxWidth) break;
            width = (int)Math.Min(2L * widths[^1], options.MaxWidth);
        }
        if (firstSuccess is int upper)
        {
            while (upper - lastFailure > 1 && upper - lastFailure > options.RelativePrecision * upper)
            {
                int middle = lastFailure + (upper - lastFailure) / 2;
                var trial = tryWidths([middle])[0];
                Record(trial);
                if (trial.Succeeded) upper = middle;
                else lastFailure = middle;
            }
            firstSuccess = upper;
        }
        return new WidthSearchResult { Trials = trials, MinimumWidth = firstSuccess, LargestFailingWidth = lastFailure, Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// The doubling widths from <paramref name="width"/> (w, 2w, 4w, ..., up to the largest width) that train together:
    /// up to <paramref name="batches"/> batches, each of as many consecutive widths as keep their first wave's seeds
    /// times their sum within <paramref name="columns"/> and at least one (<see cref="DoublingBatchesOf"/>); a batch after
    /// the first only when its columns are at most <see cref="SpeculativeColumns"/>.
    /// </summary>
    private static List<int> DoublingWidths(int width, WidthSearchOptions options, int columns, int batches)
    {
        var widths = new List<int> { width };
        int seeds = FirstWave(options);
        long sum = width;
        for (int batch = 0; widths[^1] < options.MaxWidth;)
        {
            int next = (int)Math.Min(2L * widths[^1], options.MaxWidth);
            if ((sum + next) * seeds <= columns)
            {
                sum += next;
                widths.Add(next);
                continue;
            }
            // The next width starts a batch of its own: the last batch's widths, alone, as far as they fit.
            var more = DoublingWidths(next, options, columns, 1);
            long moreSum = 0;
            foreach (int w in more) moreSum += w;
            if (++batch >= batches || moreSum * seeds > SpeculativeColumns) break;
            widths.AddRange(more);
            sum = moreSum;
        }
        return widths;
    }

    /// <summary>
    /// The batch number of each of <paramref name="widths"/>: consecutive widths share one while their first wave's seeds
    /// times their sum stays within <paramref name="columns"/>; a width that does not fit starts the next. One batch for
    /// a single width (the bisection's); the doubling rounds of <see cref="DoublingWidths"/> in their batches.
    /// </summary>
    private static int[] DoublingBatchesOf(IReadOnlyList<int> widths, WidthSearchOptions options, int columns)
    {
        var batchOf = new int[widths.Count];
        int seeds = FirstWave(options);
        long sum = 0;
        for (int i = 0, batch = 0; i < widths.Count; i++)
        {
            if (i > 0 && (sum + widths[i]) * seeds > columns) (batch, sum) = (batch + 1, 0);
            batchOf[i] = batch;
            sum += widths[i];
        }
        return batchOf;
    }

    /// <summary>The seeds of each width's first wave: all of them, or as many as the majority needs when deciding early.</summary>
    private static int FirstWave(WidthSearchOptions options) => options.DecideEarly ? Majority.NextWave(options.Seeds, 0, 0) : options.Seeds;

    /// <summary>Runs the seeds of one width in parallel (in waves, deciding early) and counts their successes.</summary>
    private static WidthTrial Trial(int width, WidthSearchOptions options, Func<int, Seed, WidthRun> train, Seed seed)
    {
        var clock = Stopwatch.StartNew();
        var runs = new List<WidthRun>();
        InWaves(1, options, wave =>
        {
            var results = new WidthRun[wave.Count];
            ParallelLoop.For(wave.Count, options.Workers, j => results[j] = train(width, SeedOf(seed, width, wave[j].Index)));
            runs.AddRange(results);
            return results.Select(r => r.Memorized).ToArray();
        });
        return Summarize(width, options.Seeds, runs.ToArray(), clock.Elapsed.TotalSeconds);
    }

    /// <summary>A width's count of successes and median steps to memorize over the <paramref name="runs"/> trained of its <paramref name="seeds"/>.</summary>
    private static WidthTrial Summarize(int width, int seeds, WidthRun[] runs, double seconds)
    {
        var memorizedSteps = new List<double>();
        int memorized = 0;
        foreach (var run in runs)
        {
            if (run.Memorized) memorized++;
            if (run.Memorized && run.StepsToMemorize is int steps) memorizedSteps.Add(steps);
        }
        memorizedSteps.Sort();
        int count = memorizedSteps.Count;
        double? median = count == 0 ? null : (memorizedSteps[(count - 1) / 2] + memorizedSteps[count / 2]) / 2;
        return new WidthTrial(width, seeds, memorized, median, seconds, runs.Length);
    }
}

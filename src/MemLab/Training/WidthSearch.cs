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
/// The seeds of a width train together as one batch (<see cref="BatchedTraining"/>), under the memory budget.
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
        var batching = new BatchedTrainingOptions { MemoryBytes = options.MemoryBytes, Workers = options.Workers, DecideEarly = options.DecideEarly };
        return Search(options, widths => BatchedTrials(data, recipe, widths, options.Seeds, batching, seed, blas), DoublingColumns, progress);
    }

    /// <summary>
    /// The doubling phase trains consecutive widths (w, 2w, 4w, ...) in one batch while their seeds' widths add up to at
    /// most this many columns of the shared product. Narrower products run far below the BLAS's speed (on N = 2,000,
    /// d = 50, one thread: about 25 GFLOP/s at 5 columns against 80 at 80 columns), and the widths trained beyond the
    /// first success, whose results the search then drops, cost at most this many columns.
    /// </summary>
    internal const int DoublingColumns = 80;

    /// <summary>
    /// Trains the seeds of the given widths as batched jobs, one group per width, and counts each width's verified
    /// successes. Deciding early, a group stops its running seeds at the step where its majority is known; the seeds
    /// train in the same batches either way (on OpenBLAS a network's rounding depends on its batch mates), so a width's
    /// outcome is the same. A width's seconds are the batch's, shared in proportion to the hidden units times steps it trained.
    /// </summary>
    private static WidthTrial[] BatchedTrials(Dataset data, TrainOptions recipe, IReadOnlyList<int> widths, int seeds, BatchedTrainingOptions batching, Seed seed, IBlas blas)
    {
        var jobs = widths.SelectMany((width, group) => Enumerable.Range(0, seeds).Select(i => new TrainingJob(width, SeedOf(seed, width, i), group))).ToArray();
        var result = BatchedTraining.Train(data, recipe, jobs, batching, blas);
        double unitSteps = Math.Max(1, result.Outcomes.Sum(o => (double)o.Job.Width * o.Steps));
        return widths.Select((width, group) =>
        {
            var outcomes = result.Outcomes.Where(o => o.Job.Group == group).ToArray();
            var batches = result.Batches.Where(b => b.Jobs.Any(j => jobs[j].Group == group)).ToArray();
            var runs = outcomes.Select(o => new WidthRun(o.Memorized, o.Memorized ? o.FirstMemorizedStep : null)).ToArray();
            double share = outcomes.Sum(o => (double)width * o.Steps) / unitSteps;
            return Summarize(width, runs, result.Seconds * share) with
            {
                StoppedEarly = outcomes.Count(o => o.StopReason == StopReason.Decided),
                Unverified = outcomes.Count(o => o.Verification is { Memorized: false }),
                Batches = batches.Length,
                Bytes = batches.Max(b => b.Bytes),
                NetworkSteps = outcomes.Sum(o => (long)o.Steps),
            };
        }).ToArray();
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
        return Search(options, widths => widths.Select(width => Trial(width, options, train, seed)).ToArray(), 0, progress);
    }

    /// <summary>
    /// Doubling from the start width until a width succeeds, then bisection, with <paramref name="tryWidths"/> deciding
    /// widths. The doubling phase hands it consecutive widths together while their seeds' widths add up to at most
    /// <paramref name="doublingColumns"/> (always at least one width); the widths after the first success among them are
    /// dropped, so the widths tried and their order are those of a search that tries one width at a time.
    /// </summary>
    private static WidthSearchResult Search(WidthSearchOptions options, Func<IReadOnlyList<int>, IReadOnlyList<WidthTrial>> tryWidths, int doublingColumns,
        IProgress<WidthTrial>? progress)
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
            var widths = DoublingWidths(width, options, doublingColumns);
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
    /// as many as keep seeds times their sum within <paramref name="columns"/>, and at least the first.
    /// </summary>
    private static List<int> DoublingWidths(int width, WidthSearchOptions options, int columns)
    {
        var widths = new List<int> { width };
        long sum = width;
        while (widths[^1] < options.MaxWidth)
        {
            int next = (int)Math.Min(2L * widths[^1], options.MaxWidth);
            if ((sum + next) * options.Seeds > columns) break;
            widths.Add(next);
            sum += next;
        }
        return widths;
    }

    /// <summary>Runs the seeds of one width, in parallel, and counts their successes.</summary>
    private static WidthTrial Trial(int width, WidthSearchOptions options, Func<int, Seed, WidthRun> train, Seed seed)
    {
        var clock = Stopwatch.StartNew();
        var seeds = Enumerable.Range(0, options.Seeds).Select(i => SeedOf(seed, width, i)).ToArray();
        var runs = new WidthRun[options.Seeds];
        ParallelLoop.For(options.Seeds, options.Workers, i => runs[i] = train(width, seeds[i]));
        return Summarize(width, runs, clock.Elapsed.TotalSeconds);
    }

    /// <summary>A width's count of successes and median steps to memorize.</summary>
    private static WidthTrial Summarize(int width, WidthRun[] runs, double seconds)
    {
        var steps = runs.Where(r => r.Memorized && r.StepsToMemorize is not null).Select(r => (double)r.StepsToMemorize!.Value).Order().ToArray();
        double? median = steps.Length == 0 ? null : (steps[(steps.Length - 1) / 2] + steps[steps.Length / 2]) / 2;
        return new WidthTrial(width, runs.Length, runs.Count(r => r.Memorized), median, seconds);
    }
}

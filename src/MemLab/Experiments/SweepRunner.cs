using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using MemLab.Data;
using MemLab.Store;

namespace MemLab.Experiments;

/// <summary>
/// Executes a sweep into a run store: the shard's runs that the store does not hold yet, on a pool of workers, each
/// run recorded as soon as it finishes. Results do not depend on the number of workers or on the order runs finish
/// in, because every run depends only on its spec, cell and seed.
/// </summary>
public static class SweepRunner
{
    /// <summary>Runs <paramref name="spec"/> into <paramref name="store"/>.</summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="store">Where finished runs are recorded; runs it already holds are skipped.</param>
    /// <param name="options">Backend, data folder, workers and shard.</param>
    /// <param name="progress">Receives the counts after every finished run (from worker threads, one call at a time); null for none.</param>
    /// <param name="cancellation">When cancelled, no new run starts; runs in progress finish and are recorded, and the
    /// summary counts the rest as not run.</param>
    /// <returns>The counts of this invocation.</returns>
    /// <exception cref="MemLabException">The spec is invalid, the options are out of range, or the store cannot be
    /// written. A run that throws does not stop the sweep: it is recorded as failed with its message.</exception>
    public static SweepSummary Run(SweepSpec spec, IRunStore store, SweepRunOptions options,
        IProgress<SweepProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        spec.Validate();
        if (options.Workers < 1)
            throw MemLabException.InvalidOptions($"The number of workers must be at least 1; got {options.Workers}. Pass --workers 1 or more.");
        ParallelLoop.RequireOneThreaded(options.Workers, options.Blas, "sweep runs");

        var task = SweepTasks.Find(spec.Task);
        var metrics = spec.RecordedMetrics();
        // The plan is arithmetic, never a list: the shard's k-th run has ordinal Index + k * Count, so memory does not
        // grow with the number of runs.
        var shard = options.Shard;
        int runCount = spec.RunCount;
        int shardRuns = runCount <= shard.Index ? 0 : (runCount - 1 - shard.Index) / shard.Count + 1;
        var recorded = store.RecordedRuns();
        int already = recorded.Count(key => Ordinal(spec, key) is int ordinal && ordinal < runCount && shard.Contains(ordinal));
        int todo = shardRuns - already;
        string machine = DescribeMachine(options);
        var context = new DataLoadContext(options.DataDirectory, options.Blas);

        var clock = Stopwatch.StartNew();
        var gate = new Lock();
        int next = -1, done = 0, failed = 0, claimedElsewhere = 0;
        string? firstFailure = null;
        ExceptionDispatchInfo? storeError = null;
        void Work()
        {
            while (!cancellation.IsCancellationRequested && Volatile.Read(ref storeError) is null)
            {
                int index = Interlocked.Increment(ref next);
                if (index >= shardRuns) return;
                int ordinal = shard.Index + index * shard.Count;
                var key = new RunKey(ordinal / spec.Repetitions, ordinal % spec.Repetitions);
                if (recorded.Contains(key)) continue;
                RunRecord record;
                try
                {
                    // Another process on the same database may hold the run, or have finished it since we started.
                    if (!store.TryClaim(key))
                    {
                        Interlocked.Increment(ref claimedElsewhere);
                        continue;
                    }
                    record = Execute(spec, task, metrics, spec.RunAt(ordinal), context, options, machine);
                    store.Record(record);
                }
                catch (Exception error)
                {
                    // A store that cannot be written ends the sweep: hand the error to the calling thread.
                    Interlocked.CompareExchange(ref storeError, ExceptionDispatchInfo.Capture(error), null);
                    return;
                }
                lock (gate)
                {
                    done++;
                    if (record.Status == RunStatus.Failed)
                    {
                        failed++;
                        firstFailure ??= $"cell {record.Cell.Key} repetition {record.Repetition}: {record.Message}";
                    }
                    progress?.Report(new SweepProgress(done, todo, failed, clock.Elapsed));
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Min(options.Workers, Math.Max(1, todo)))
            .Select(_ => new Thread(Work) { IsBackground = true })
            .ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        storeError?.Throw();
        return new SweepSummary(spec.Name, spec.Hash, options.Shard, runCount, shardRuns, already,
            done - failed, failed, todo - done - claimedElsewhere, clock.Elapsed, firstFailure)
        {
            ClaimedElsewhere = claimedElsewhere,
        };
    }

    /// <summary>The ordinal of the run <paramref name="key"/> names, or null when the key is outside the grid.</summary>
    private static int? Ordinal(SweepSpec spec, RunKey key) =>
        key.Repetition >= 0 && key.Repetition < spec.Repetitions && key.CellIndex >= 0 && key.CellIndex < spec.CellCount
            ? key.CellIndex * spec.Repetitions + key.Repetition
            : null;

    /// <summary>Runs one cell and repetition alone, exactly as a sweep does, and returns its record without storing it.</summary>
    /// <exception cref="MemLabException">The spec is invalid.</exception>
    public static RunRecord RunOne(SweepSpec spec, SweepRun run, SweepRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        spec.Validate();
        return Execute(spec, SweepTasks.Find(spec.Task), spec.RecordedMetrics(), run,
            new DataLoadContext(options.DataDirectory, options.Blas), options, DescribeMachine(options));
    }

    private static RunRecord Execute(SweepSpec spec, ISweepTask task, IReadOnlyList<string> metrics, SweepRun run,
        DataLoadContext context, SweepRunOptions options, string machine)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        RunStatus status = RunStatus.Ok;
        string? message = null;
        var kept = new Dictionary<string, double?>(StringComparer.Ordinal);
        try
        {
            string dataSpec = spec.DataSpecFor(run);
            var values = task.Run(new SweepTaskInput(dataSpec, new Lazy<Dataset>(() => DatasetLoader.Load(dataSpec, context)), spec.TaskParametersFor(run.Cell),
                run.Seed.Derive("task"), options.Blas) { DataContext = context });
            message = MethodFailure.ReasonOf(values);
            foreach (string metric in metrics)
            {
                if (!values.TryGetValue(metric, out double? value))
                    throw new InvalidOperationException($"Task {task.Id} returned no value for its metric '{metric}'.");
                if (value is double number && !double.IsFinite(number))
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Task {task.Id} returned {number} for metric '{metric}'."));
                kept[metric] = value;
            }
        }
        catch (Exception error)
        {
            // The run boundary: whatever a run throws is recorded as its failure and the sweep goes on (issue 3,
            // "a run that throws"). User-caused problems keep their message; anything else names its type so a bug
            // is recognisable in the results.
            status = RunStatus.Failed;
            message = error is MemLabException ? error.Message : $"{error.GetType().FullName}: {error.Message}";
            kept.Clear();
        }
        return new RunRecord(run.Cell, run.Repetition, run.Seed, status, message, kept, started,
            clock.Elapsed.TotalMilliseconds, NetworkProvenance.CurrentVersion, machine);
    }

    private static string DescribeMachine(SweepRunOptions options) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Environment.MachineName}; {RuntimeInformation.OSDescription}; {RuntimeInformation.OSArchitecture}; {Environment.ProcessorCount} cores; " +
            $".NET {Environment.Version}; {options.Blas.Describe()}");
}

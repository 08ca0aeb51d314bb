using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Experiments;

public class SweepRunnerTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Run_RecordsTheGeometryReportOfEachRunsData()
    {
        var spec = TestSweeps.Moons(["40"], ["0.1"], 2);
        using var store = SqliteRunStore.Open(_folder.File("r.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(2, summary.Succeeded);
        foreach (var (run, record) in spec.Runs().Zip(store.ReadRuns()))
        {
            var data = DatasetLoader.Load(spec.DataSpecFor(run), new DataLoadContext(null, new ManagedBlas(1)));
            var report = GeometryReport.Describe(data, new ManagedBlas(1));
            Assert.Equal(report.MinDistanceBetweenClasses, record.Metrics["delta"]);
            Assert.Equal(report.MinDistance, record.Metrics["min_distance"]);
            Assert.Equal(report.NumericalRank, record.Metrics["rank"]);
            Assert.Equal(["delta", "min_distance", "rank"], record.Metrics.Keys);
        }
        var records = store.ReadRuns();
        Assert.NotEqual(records[0].Metrics["delta"], records[1].Metrics["delta"]);
    }

    [Fact]
    public void Run_ResultsDoNotDependOnTheNumberOfWorkers()
    {
        var spec = TestSweeps.Moons(["30", "60"], ["0.05", "0.2"], 3);
        using var one = SqliteRunStore.Open(_folder.File("one.db"), spec, TimeSpan.FromSeconds(5));
        using var three = SqliteRunStore.Open(_folder.File("three.db"), spec, TimeSpan.FromSeconds(5));
        SweepRunner.Run(spec, one, TestSweeps.Options(workers: 1));
        SweepRunner.Run(spec, three, TestSweeps.Options(workers: 3));
        Assert.Equal(Results(one), Results(three));
    }

    [Fact]
    public void RunOne_ReplaysAStoredRunAlone()
    {
        var spec = TestSweeps.Moons(["30", "60"], ["0.05", "0.2"], 2);
        using var store = SqliteRunStore.Open(_folder.File("r.db"), spec, TimeSpan.FromSeconds(5));
        SweepRunner.Run(spec, store, TestSweeps.Options(workers: 2));
        var stored = store.ReadRuns()[5];
        var replay = SweepRunner.RunOne(spec, spec.Runs()[5], TestSweeps.Options());
        Assert.Equal(stored.Seed, replay.Seed);
        Assert.Equal(SqliteRunStore.MetricsJson(stored.Metrics), SqliteRunStore.MetricsJson(replay.Metrics));
    }

    [Fact]
    public void Run_AgainIntoTheSameStore_SkipsRecordedRuns()
    {
        var spec = TestSweeps.Moons(["30"], ["0.05", "0.2"], 2);
        using var store = SqliteRunStore.Open(_folder.File("r.db"), spec, TimeSpan.FromSeconds(5));
        SweepRunner.Run(spec, store, TestSweeps.Options());
        var again = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(4, again.AlreadyRecorded);
        Assert.Equal(0, again.Succeeded + again.Failed);
        Assert.Equal(4, store.ReadRuns().Count);
    }

    [Fact]
    public void Run_ThrowingRun_IsRecordedAsFailedAndTheSweepContinues()
    {
        // noise=-1 makes the data spec invalid, so those runs throw while loading their data.
        var spec = TestSweeps.Moons(["30"], ["-1", "0.1"], 2);
        using var store = SqliteRunStore.Open(_folder.File("r.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options(workers: 2));
        Assert.Equal(2, summary.Failed);
        Assert.Equal(2, summary.Succeeded);
        Assert.Contains("noise=-1", summary.FirstFailure);
        var failed = store.ReadRuns().Where(r => r.Status == RunStatus.Failed).ToList();
        Assert.Equal(["n=30,noise=-1", "n=30,noise=-1"], failed.Select(r => r.Cell.Key));
        Assert.All(failed, r => Assert.Contains("noise=-1 is not valid", r.Message));
        Assert.All(failed, r => Assert.Empty(r.Metrics));
    }

    [Fact]
    public void Run_Cancelled_StartsNoRunAndCountsThemAsNotRun()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1"], 3);
        using var store = SqliteRunStore.Open(_folder.File("r.db"), spec, TimeSpan.FromSeconds(5));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options(), cancellation: cancelled.Token);
        Assert.True(summary.Cancelled);
        Assert.Equal(3, summary.NotRun);
        Assert.Empty(store.ReadRuns());
    }

    [Fact]
    public void Run_ProgressRisesToTheTotal()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1", "0.2"], 2);
        using var store = SqliteRunStore.Open(_folder.File("r.db"), spec, TimeSpan.FromSeconds(5));
        var seen = new List<SweepProgress>();
        SweepRunner.Run(spec, store, TestSweeps.Options(workers: 2), new SynchronousProgress(seen.Add));
        Assert.Equal([1, 2, 3, 4], seen.Select(p => p.Done));
        Assert.All(seen, p => Assert.Equal(4, p.Total));
    }

    [Fact]
    public void Run_ParallelWorkersWithMultithreadedBlas_IsRefused()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1"], 1);
        using var store = SqliteRunStore.Open(_folder.File("r.db"), spec, TimeSpan.FromSeconds(5));
        var error = Assert.Throws<MemLabException>(() =>
            SweepRunner.Run(spec, store, new SweepRunOptions(new ManagedBlas(2)) { Workers = 2 }));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("2 threads", error.Message);
    }

    private static List<string> Results(SqliteRunStore store) =>
        store.ReadRuns().Select(r => $"{r.Key} {r.Seed} {r.Status} {SqliteRunStore.MetricsJson(r.Metrics)}").ToList();

    private sealed class SynchronousProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}

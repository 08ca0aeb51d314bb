using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Reporting;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Experiments;

public class VershyninTaskTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SweepSpec Spec(string grid, int repetitions) => SweepSpec.Parse($$"""
        { "name": "vershynin-test", "version": 1, "task": "vershynin", "data": "sphere:d=16,separation=0.5",
          "grid": {{grid}}, "repetitions": {{repetitions}}, "seed": 3,
          "metrics": ["memorized", "deep_connections", "failures", "min_batch_margin"] }
        """, "test");

    [Fact]
    public void Sweep_RecordsWhatTheConstructionReportsAndTheReportDerivesCapacity()
    {
        // Ten pairs reading a 300-unit code: 40 points (about 20 to memorize) fit, 400 (about 200) do not.
        var spec = Spec("""{ "arch": ["16,300,300,20,1"], "n": [40, 400] }""", 2);
        using var store = SqliteRunStore.Open(_folder.File("v.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(4, summary.Succeeded);
        var blas = new ManagedBlas(1);
        var runs = store.ReadRuns();
        foreach (var (run, record) in spec.Runs().Zip(runs))
        {
            var data = DatasetLoader.Load(spec.DataSpecFor(run), new DataLoadContext(null, blas));
            var report = new VershyninConstruction(blas).Build(data, new VershyninOptions { Architecture = [16, 300, 300, 20, 1] }, run.Seed.Derive("task")).Report;
            Assert.Equal(report.Memorized ? 1.0 : 0.0, record.Metrics["memorized"]);
            Assert.Equal(report.Verification.FailureCount, record.Metrics["failures"]);
            Assert.Equal(300.0 * 20 + 20, record.Metrics["deep_connections"]);
        }
        var row = Assert.Single(Capacity.Estimate(ResultsTable.Aggregate(spec, runs)));
        Assert.Equal(40, row.Capacity);
        Assert.Equal(6020.0 / 40, row.ConnectionsPerPoint);
        Assert.Contains("id=\"capacity\"", HtmlReport.Render(spec, runs));
    }

    [Theory]
    [InlineData("activation", "sigmoid")]
    [InlineData("p1", "sparse")]
    [InlineData("batch", "big")]
    [InlineData("sign_draws", "1.5")]
    public void Run_BadParameterValue_RecordedAsFailedNamingIt(string name, string value)
    {
        var spec = Spec($$"""{ "arch": ["16,100,100,10,1"], "n": [20], "{{name}}": ["{{value}}"] }""", 1);
        using var store = SqliteRunStore.Open(_folder.File($"{name}.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(1, summary.Failed);
        Assert.Contains($"{name}={value}", store.ReadRuns().Single().Message);
    }

    [Fact]
    public void Run_NoArchitecture_RecordedAsFailedAskingForIt()
    {
        var spec = Spec("""{ "n": [20] }""", 1);
        using var store = SqliteRunStore.Open(_folder.File("noarch.db"), spec, TimeSpan.FromSeconds(5));
        SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Contains("vershynin: the grid must set \"arch\": Layer sizes d,m1,m2,...,mL,1", store.ReadRuns().Single().Message);
    }

    [Fact]
    public void CannedCapacitySweep_IsShippedValidAndCoversThreeToSixHiddenLayersWithABottleneck()
    {
        var spec = CannedSweeps.Find("vershynin-capacity");
        spec.Validate();
        Assert.Equal("capacity", spec.Task);
        var values = spec.Grid.Single(p => p.Name == "arch").Values;
        Assert.Equal(CapacityTask.ClassicConstructions, values.Where(CapacityTask.ClassicConstructions.Contains));
        var archs = values.Except(CapacityTask.ClassicConstructions).Select(VershyninOptions.ParseArchitecture).ToList();
        Assert.Equal([3, 4, 5, 6], archs.Select(a => a.Count - 2).Distinct().Order());
        // A narrow bottleneck: some deep layer narrower than the code it would carry (m2).
        Assert.Contains(archs, a => a.Skip(3).Take(a.Count - 4).Any(w => w < a[2]));
        Assert.Contains("memorized", spec.Metrics);
        Assert.Contains("deep_connections", spec.Metrics);
        Assert.Contains(GridNames.Weights, spec.Metrics);
    }
}

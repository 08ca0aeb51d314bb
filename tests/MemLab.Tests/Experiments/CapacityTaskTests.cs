using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Reporting;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Experiments;

public class CapacityTaskTests : IDisposable
{
    private const string Architecture = "16,300,300,20,1";
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SweepSpec Spec(string grid) => SweepSpec.Parse($$"""
        { "name": "capacity-test", "version": 1, "task": "capacity", "data": "sphere:d=16,separation=0.5",
          "grid": {{grid}}, "repetitions": 2, "seed": 5 }
        """, "test");

    [Fact]
    public void Sweep_BuildsTheClassicConstructionsOnTheArchitecturesPointsAndTheReportSetsThemSideBySide()
    {
        var spec = Spec($$"""{ "arch": ["{{Architecture}}", "baum", "bubeck"], "n": [40, 120] }""");
        using var store = SqliteRunStore.Open(_folder.File("c.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(12, summary.Succeeded);
        var runs = store.ReadRuns();
        var blas = new ManagedBlas(1);
        foreach (var (run, record) in spec.Runs().Zip(runs))
        {
            string arch = Value(run, "arch");
            var sameData = spec.Runs().Single(r => r.Repetition == run.Repetition && Value(r, "n") == Value(run, "n") && Value(r, "arch") == Architecture);
            Assert.Equal(spec.DataSpecFor(sameData), spec.DataSpecFor(run));
            if (arch == Architecture) continue;
            var data = DatasetLoader.Load(spec.DataSpecFor(run), new DataLoadContext(null, blas));
            var network = arch == "baum"
                ? new BaumConstruction(blas).Build(data, new BaumOptions(), run.Seed.Derive("task")).Network
                : new BubeckConstruction(blas).Build(data, new BubeckOptions(), run.Seed.Derive("task")).Network;
            Assert.Equal(1.0, record.Metrics["memorized"]);
            Assert.Equal(network.Layers.Sum(l => (double)l.InputCount * l.OutputCount), record.Metrics["weights"]);
            Assert.Null(record.Metrics["deep_connections"]);
        }

        var table = ResultsTable.Aggregate(spec, runs);
        Assert.Equal([Architecture], Capacity.Estimate(table, connectionsMetric: GridNames.Weights).Select(r => r.Group));
        var sized = Capacity.SizedByData(table, GridNames.Weights);
        Assert.Equal(["baum", "bubeck"], sized.Select(s => s.Key));
        Assert.All(sized, s => Assert.Equal([40, 120], s.Value.Select(r => r.Capacity)));
        string html = HtmlReport.Render(spec, runs);
        Assert.Contains("id=\"capacity-sized\"", html);
        Assert.Contains("against all weights", html);
    }

    private static string Value(SweepRun run, string name) => run.Cell.Parameters.Single(p => p.Key == name).Value;

    [Fact]
    public void Run_VershyninOptionWithAClassicConstruction_RecordedAsFailedSayingItDoesNotApply()
    {
        var spec = Spec("""{ "arch": ["baum"], "n": [20], "activation": ["relu"] }""");
        using var store = SqliteRunStore.Open(_folder.File("bad.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(2, summary.Failed);
        Assert.Contains("do not apply to arch=baum", store.ReadRuns()[0].Message);
    }
}

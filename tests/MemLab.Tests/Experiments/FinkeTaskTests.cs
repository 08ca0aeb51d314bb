using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Experiments;

public class FinkeTaskTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SweepSpec Spec(string grid, int repetitions) => SweepSpec.Parse($$"""
        { "name": "finke-test", "version": 1, "task": "finke", "data": "moons:n=300,noise=0.05,seed=0",
          "grid": {{grid}}, "repetitions": {{repetitions}}, "seed": 3, "metrics": ["memorized", "pruned_width", "uncoverable"] }
        """, "test");

    [Fact]
    public void Sweep_RecordsExactlyWhatTheConstructionReportsForEachRun()
    {
        var spec = Spec("""{ "width": [200], "lambda": [0, 0.5], "cover": ["random"] }""", 2);
        using var store = SqliteRunStore.Open(_folder.File("f.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(4, summary.Succeeded);
        var blas = new ManagedBlas(1);
        foreach (var (run, record) in spec.Runs().Zip(store.ReadRuns()))
        {
            var data = DatasetLoader.Load(spec.DataSpecFor(run), new DataLoadContext(null, blas));
            var options = new FinkeOptions { Width = 200, Lambda = double.Parse(run.Cell.Parameters.Single(p => p.Key == "lambda").Value, System.Globalization.CultureInfo.InvariantCulture), Cover = Cover.Random };
            var report = new FinkeConstruction(blas).Build(data, options, run.Seed.Derive("task")).Report;
            Assert.Equal(report.Memorized ? 1.0 : 0.0, record.Metrics["memorized"]);
            Assert.Equal(((FinkeDetails)report.Details).PrunedWidth, record.Metrics["pruned_width"]);
        }
        // The paper's point on centred data: lambda = 0 never interpolates, lambda = 0.5 does.
        var byLambda = spec.Runs().Zip(store.ReadRuns()).GroupBy(p => p.First.Cell.Parameters.Single(q => q.Key == "lambda").Value)
            .ToDictionary(g => g.Key, g => g.Average(p => p.Second.Metrics["memorized"]!.Value));
        Assert.Equal(0.0, byLambda["0"]);
        Assert.Equal(1.0, byLambda["0.5"]);
    }

    [Theory]
    [InlineData("width", "wide")]
    [InlineData("lambda", "big")]
    [InlineData("cover", "fastest")]
    [InlineData("reach", "far")]
    public void Run_BadParameterValue_RecordedAsFailedNamingIt(string name, string value)
    {
        var spec = Spec($$"""{ "{{name}}": ["{{value}}"] }""", 1);
        using var store = SqliteRunStore.Open(_folder.File($"{name}.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(1, summary.Failed);
        Assert.Contains($"{name}={value}", store.ReadRuns().Single().Message);
    }

    [Fact]
    public void CannedPaperSweeps_AreShippedAndValid()
    {
        foreach (string name in new[] { "finke-moons", "finke-moons-size", "finke-mnist", "finke-mnist-pairs" })
        {
            var spec = CannedSweeps.Find(name);
            spec.Validate();
            Assert.Equal("finke", spec.Task);
            Assert.All(spec.Runs().Take(3), run => DataSpec.Parse(spec.DataSpecFor(run)));
        }
        Assert.Equal(8 * 11 * 2 * 50, CannedSweeps.Find("finke-moons").Runs().Count);
    }

    [Theory]
    [InlineData("width", "wide")]
    [InlineData("lambda", "big")]
    [InlineData("cover", "3")]
    [InlineData("reach", "far")]
    public void Run_ParameterThatDoesNotParse_InvalidSpecPointingToBuildHelp(string name, string value)
    {
        var data = DatasetLoader.Load("moons:n=50,noise=0.05,seed=0", new DataLoadContext(null, new ManagedBlas(1)));
        var input = new SweepTaskInput(data, new Dictionary<string, string> { [name] = value }, new Seed(1), new ManagedBlas(1));
        var error = Assert.Throws<MemLabException>(() => SweepTasks.Find("finke").Run(input));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains($"finke: {name}={value} is not valid", error.Message);
        Assert.Contains("memlab build finke --help", error.Message);
    }
}

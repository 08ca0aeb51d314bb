using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Experiments;

/// <summary>
/// A construction that cannot memorize for a reason of its method is a run that did not memorize, not a failed run:
/// each construction task is driven into its own method-level failure and the sweep must record memorized = 0 with
/// the reason, and count the run in the cell's mean.
/// </summary>
public class MethodFailureTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    // Finke: at lambda = 0 the class-1 point (0.5, 0) has the same code as (1, 0), so no class-0 point gets a neuron.
    private const string NoNeuron = "x,y,label\n1,0,0\n0.5,0,1\n";

    // Zhang, Yun: two points 1e-30 apart project to values that tie at rounding level on every direction.
    private const string RoundingTie = "x,y,label\n1e-30,0,0\n2e-30,0,1\n1,1,0\n-1,0.5,1\n";

    // Vershynin: two points 0.2 apart with different labels keep too high a code cosine for these widths.
    private const string TooClose = "x,y,label\n1,0,0\n0.98,0.19899749,1\n0,1,0\n-1,0,1\n";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "finke", NoNeuron, """{ "width": [50], "lambda": [0] }""", "No point can get a second-layer neuron" },
        { "zhang", RoundingTie, """{ "directions": [4] }""", "rounding" },
        { "yun", RoundingTie, """{ "directions": [4] }""", "rounding" },
        { "classic", RoundingTie, """{ "construction": ["zhang"] }""", "rounding" },
        { "vershynin", TooClose, """{ "arch": ["2,300,300,10,1"] }""", "not separated enough" },
        { "capacity", TooClose, """{ "arch": ["2,300,300,10,1"] }""", "not separated enough" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MethodFailure_RecordedAsNotMemorizedAndCountedInTheMean(string task, string csv, string grid, string reason)
    {
        File.WriteAllText(_folder.File("points.csv"), csv);
        var spec = SweepSpec.Parse(TestSweeps.Json(grid, 2, task, $"csv:path={_folder.File("points.csv")},label=label", """["memorized"]"""), "test");
        AssertNotMemorized(spec, reason);
    }

    [Theory]
    [InlineData("nearest-centre", """{ "radius": ["10"] }""")]
    [InlineData("compare", """{ "model": ["nearest-centre"], "radius": ["10"] }""")]
    public void HeldOutTask_RadiusNotBelowTheSeparation_RecordedAsNotMemorized(string task, string grid)
    {
        var spec = SweepSpec.Parse(TestSweeps.Json(grid, 2, task, "moons:n=200,noise=0.1,holdout=0.25,part=train,seed=2", """["memorized"]"""), "test");
        AssertNotMemorized(spec, "radius");
    }

    [Fact]
    public void BaumRoundingTie_RecordedAsNotMemorizedAndCountedInTheMean()
    {
        // Baum's slabs cannot split two points 1e-30 apart: the build completes, its verification finds the failing
        // point, and the run is a result (memorized = 0, counted in the cell's mean), never a failed run.
        File.WriteAllText(_folder.File("points.csv"), RoundingTie);
        var spec = SweepSpec.Parse(TestSweeps.Json("""{ "rounding_safety": [10000] }""", 2, "baum", $"csv:path={_folder.File("points.csv")},label=label", """["memorized"]"""), "test");
        using var store = SqliteRunStore.Open(_folder.File("baum.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(0, SweepRunner.Run(spec, store, TestSweeps.Options()).Failed);
        var runs = store.ReadRuns();
        Assert.All(runs, run =>
        {
            Assert.Equal(RunStatus.Ok, run.Status);
            Assert.Equal(0, run.Metrics["memorized"]);
        });
        var cell = ResultsTable.Aggregate(spec, runs).Cells.Single();
        Assert.Equal(2, cell.Metrics["memorized"].Count);
        Assert.Equal(0, cell.Metrics["memorized"].Mean);
    }

    [Fact]
    public void BubeckOverflow_RecordedAsNotMemorized()
    {
        // Two points 1e-30 apart make Bubeck's slab width so small that its weights overflow: a method failure,
        // recorded as memorized = 0 with the reason, not a failed run.
        File.WriteAllText(_folder.File("points.csv"), RoundingTie);
        var spec = SweepSpec.Parse(TestSweeps.Json("""{ "rounding_safety": [16] }""", 2, "bubeck", $"csv:path={_folder.File("points.csv")},label=label", """["memorized"]"""), "test");
        using var store = SqliteRunStore.Open(_folder.File("bubeck.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(0, SweepRunner.Run(spec, store, TestSweeps.Options()).Failed);
        Assert.All(store.ReadRuns(), run =>
        {
            Assert.Equal(RunStatus.Ok, run.Status);
            Assert.Equal(0, run.Metrics["memorized"]);
        });
    }

    [Fact]
    public void FinkeNoNeuron_PrunedWidthIsZero()
    {
        File.WriteAllText(_folder.File("points.csv"), NoNeuron);
        var spec = SweepSpec.Parse(TestSweeps.Json("""{ "width": [50], "lambda": [0] }""", 1, "finke",
            $"csv:path={_folder.File("points.csv")},label=label", """["memorized", "pruned_width", "uncoverable"]"""), "test");
        using var store = SqliteRunStore.Open(_folder.File("w.db"), spec, TimeSpan.FromSeconds(5));
        SweepRunner.Run(spec, store, TestSweeps.Options());
        var run = store.ReadRuns().Single();
        Assert.Equal(0, run.Metrics["pruned_width"]);
        Assert.Null(run.Metrics["uncoverable"]);
    }

    [Fact]
    public void BadInput_StillAFailedRun()
    {
        // A user error (width 0) is not a method failure: the run fails with its message.
        var spec = SweepSpec.Parse(TestSweeps.Json("""{ "width": [0] }""", 1, "finke", "moons:n=50", """["memorized"]"""), "test");
        using var store = SqliteRunStore.Open(_folder.File("bad.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(1, SweepRunner.Run(spec, store, TestSweeps.Options()).Failed);
        Assert.Equal(RunStatus.Failed, store.ReadRuns().Single().Status);
    }

    private void AssertNotMemorized(SweepSpec spec, string reason)
    {
        using var store = SqliteRunStore.Open(_folder.File($"{Guid.NewGuid():N}.db"), spec, TimeSpan.FromSeconds(5));
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options());
        Assert.Equal(0, summary.Failed);
        var runs = store.ReadRuns();
        Assert.All(runs, run =>
        {
            Assert.Equal(RunStatus.Ok, run.Status);
            Assert.Equal(0, run.Metrics["memorized"]);
            Assert.Contains(reason, run.Message, StringComparison.OrdinalIgnoreCase);
        });
        var cell = ResultsTable.Aggregate(spec, runs).Cells.Single();
        Assert.Equal(2, cell.Metrics["memorized"].Count);
        Assert.Equal(0, cell.Metrics["memorized"].Mean);
    }
}

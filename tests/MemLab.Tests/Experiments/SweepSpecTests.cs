using MemLab.Experiments;

namespace MemLab.Tests.Experiments;

public class SweepSpecTests
{
    [Fact]
    public void Parse_StepRange_ExpandsToTheValuesWrittenByHand()
    {
        var spec = SweepSpec.Parse(TestSweeps.Json("""{ "noise": { "from": 0, "to": 0.3, "step": 0.1 }, "n": [100, 200] }"""), "t.json");
        Assert.Equal(["0", "0.1", "0.2", "0.3"], spec.Grid[0].Values);
        Assert.Equal(["100", "200"], spec.Grid[1].Values);
    }

    [Fact]
    public void Parse_LogCountRange_IsGeometric()
    {
        var spec = SweepSpec.Parse(TestSweeps.Json("""{ "n": { "from": 10, "to": 1000, "count": 3, "scale": "log" } }"""), "t.json");
        Assert.Equal(["10", "100", "1000"], spec.Grid[0].Values);
    }

    [Fact]
    public void Hash_RangeAndEquivalentList_AreEqual_AndAnyChangeAltersIt()
    {
        var range = SweepSpec.Parse(TestSweeps.Json("""{ "noise": { "from": 0, "to": 0.2, "count": 3 } }"""), "a");
        var list = SweepSpec.Parse(TestSweeps.Json("""{ "noise": [0, 0.1, 0.2] }"""), "b");
        var moreReps = SweepSpec.Parse(TestSweeps.Json("""{ "noise": [0, 0.1, 0.2] }""", repetitions: 3), "c");
        Assert.Equal(list.Hash, range.Hash);
        Assert.NotEqual(list.Hash, moreReps.Hash);
        Assert.Equal(list.Hash, (list with { Description = "other words" }).Hash);
    }

    [Fact]
    public void ToJson_ParsesBackToTheSameSpec()
    {
        var spec = TestSweeps.Moons(["50", "60"], ["0", "0.1"], 3);
        var again = SweepSpec.Parse(spec.ToJson(), "round-trip");
        Assert.Equal(spec.Hash, again.Hash);
        Assert.Equal(spec.Runs().Select(r => r.Seed), again.Runs().Select(r => r.Seed));
    }

    [Fact]
    public void Runs_CellsAreTheCartesianProduct_FirstParameterSlowest()
    {
        var spec = TestSweeps.Moons(["50", "60"], ["0", "0.1", "0.2"], 2);
        var runs = spec.Runs();
        Assert.Equal(2 * 3 * 2, runs.Count);
        Assert.Equal(["n=50,noise=0", "n=50,noise=0", "n=50,noise=0.1"], runs.Take(3).Select(r => r.Cell.Key));
        Assert.Equal("n=60,noise=0.2", runs[^1].Cell.Key);
        Assert.Equal(Enumerable.Range(0, runs.Count), runs.Select(r => r.Ordinal));
    }

    [Fact]
    public void Runs_SeedIsSweepSeedDerivedByCellKeyThenRepetition()
    {
        var spec = TestSweeps.Moons(["50"], ["0.1"], 2, seed: 99);
        var runs = spec.Runs();
        Assert.Equal(new Seed(99).Derive("n=50,noise=0.1").Derive(1), runs[1].Seed);
        Assert.NotEqual(runs[0].Seed, runs[1].Seed);
    }

    [Fact]
    public void Runs_CellSeedDoesNotDependOnTheRestOfTheGrid()
    {
        var small = TestSweeps.Moons(["50"], ["0.1"], 1);
        var large = TestSweeps.Moons(["40", "50"], ["0", "0.1"], 1);
        var cell = large.Runs().Single(r => r.Cell.Key == "n=50,noise=0.1");
        Assert.Equal(small.Runs()[0].Seed, cell.Seed);
        Assert.Equal(small.DataSpecFor(small.Runs()[0]), large.DataSpecFor(cell));
    }

    [Fact]
    public void DataSpecFor_CellsDifferingOnlyInTaskParameters_GetTheSameDataInEachRepetition()
    {
        var spec = SweepSpec.Parse("""
            { "name": "paired", "task": "classic", "data": "gaussian:d=5,labels=random",
              "grid": { "n": [100], "construction": ["baum", "yun"] }, "repetitions": 2 }
            """, "paired.json");
        var runs = spec.Runs();
        string Data(string construction, int repetition) =>
            spec.DataSpecFor(runs.Single(r => r.Cell.Key == $"n=100,construction={construction}" && r.Repetition == repetition));
        Assert.Equal(Data("baum", 0), Data("yun", 0));
        Assert.Equal(Data("baum", 1), Data("yun", 1));
        Assert.NotEqual(Data("baum", 0), Data("baum", 1));
    }

    [Fact]
    public void Tasks_NoTaskParameterIsAlsoADataKey()
    {
        var clashes = from task in SweepTasks.All
                      from source in MemLab.Data.DatasetLoader.SourceNames
                      from key in MemLab.Data.DatasetLoader.ValidKeys(source)
                      where task.Parameters.Contains(key)
                      select $"{task.Id}.{key} ({source})";
        Assert.Empty(clashes.Distinct());
    }

    [Fact]
    public void DataSpecFor_AddsGridKeysAndTheDerivedDataSeed()
    {
        var spec = TestSweeps.Moons(["50"], ["0.1"], 1);
        var run = spec.Runs()[0];
        Assert.Equal($"moons:n=50,noise=0.1,seed={run.Seed.Derive("data").Value}", spec.DataSpecFor(run));
    }

    [Fact]
    public void Validate_UnknownTask_ListsValidTasks()
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse(TestSweeps.Json("""{ "n": [10] }""", task: "finkee"), "t.json"));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("'finkee'", error.Message);
        Assert.Contains("valid tasks: geometry", error.Message);
    }

    [Fact]
    public void Validate_UnknownParameter_ListsTaskParametersAndDataKeys()
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse(TestSweeps.Json("""{ "nosie": [0.1] }"""), "t.json"));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("'nosie'", error.Message);
        Assert.Contains("noise (data moons)", error.Message);
        Assert.Contains("n (data moons)", error.Message);
    }

    [Fact]
    public void Validate_EmptyGrid_Throws()
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse(TestSweeps.Json("{}"), "t.json"));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("grid is empty", error.Message);
    }

    [Fact]
    public void Validate_ParameterWithNoValues_NamesIt()
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse(TestSweeps.Json("""{ "n": [10], "noise": [] }"""), "t.json"));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("'noise' has no values", error.Message);
    }

    [Fact]
    public void Validate_UnknownMetric_ListsTheTaskMetrics()
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse(TestSweeps.Json("""{ "n": [10] }""", metrics: """["detla"]"""), "t.json"));
        Assert.Contains("'detla'", error.Message);
        Assert.Contains("delta, min_distance", error.Message);
    }

    [Fact]
    public void Validate_ParameterAlsoFixedInData_Throws()
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse(TestSweeps.Json("""{ "n": [10] }""", data: "moons:n=20"), "t.json"));
        Assert.Contains("'n' is also fixed in data 'moons:n=20'", error.Message);
    }

    [Fact]
    public void Validate_ZeroRepetitions_Throws()
    {
        var error = Assert.Throws<MemLabException>(() => (TestSweeps.Moons(["10"], ["0"], 0)).Validate());
        Assert.Contains("Repetitions is 0", error.Message);
    }

    [Theory]
    [InlineData("""{ "n": { "from": 10, "to": 5, "step": 1 } }""", "from 10 down to 5")]
    [InlineData("""{ "n": { "from": 1, "to": 5 } }""", "exactly one of \"step\" and \"count\"")]
    [InlineData("""{ "n": { "from": 1, "to": 5, "step": 0 } }""", "step 0")]
    [InlineData("""{ "n": { "from": 0, "to": 5, "count": 3, "scale": "log" } }""", "starts at 0")]
    [InlineData("""{ "n": { "from": 1, "to": 5, "by": 1 } }""", "unknown key 'by'")]
    public void Parse_BadRange_IsInvalidFileNamingTheProblem(string grid, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse(TestSweeps.Json(grid), "t.json"));
        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("t.json:", error.Message);
    }

    [Fact]
    public void Parse_NotJson_IsInvalidFile()
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse("{ \"name\": ", "broken.json"));
        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.StartsWith("broken.json:", error.Message);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ListsValidKeys()
    {
        var error = Assert.Throws<MemLabException>(() => SweepSpec.Parse("""{ "name": "x", "taks": "geometry" }""", "t.json"));
        Assert.Contains("'taks'", error.Message);
        Assert.Contains("task", error.Message);
    }
}

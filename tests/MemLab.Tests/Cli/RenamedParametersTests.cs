using MemLab.Cli.Commands;
using MemLab.Experiments;

namespace MemLab.Tests.Cli;

/// <summary>A renamed parameter: its earlier option works with a notice (see <see cref="GeneratedBuildCommandTests"/>), and a spec that uses the earlier name for a task with that parameter is told which name sets it.</summary>
public class RenamedParametersTests
{
    [Fact]
    public void EarlierOption_IsKnownForRadiusFractionOnly()
    {
        Assert.Equal("--fraction", RenamedParameters.EarlierOption("radius_fraction"));
        Assert.Null(RenamedParameters.EarlierOption("width"));
    }

    [Theory]
    [InlineData("nearest-centre", "fraction", 1)]
    [InlineData("nearest-centre", "radius_fraction", 0)]
    [InlineData("geometry", "fraction", 0)]
    public void SpecUsingTheEarlierName_GetsOneNotice(string task, string key, int notices)
    {
        var spec = SweepSpec.Parse($$"""
            { "name": "renamed", "task": "{{task}}", "data": "moons:n=40", "grid": { "{{key}}": [0.5] } }
            """, "test");
        var lines = RenamedParameters.SpecNotices(spec).ToList();
        Assert.Equal(notices, lines.Count);
        if (notices == 1) Assert.Contains("write 'radius_fraction'", lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("width", 1)]
    [InlineData("hidden", 0)]
    public void DissectionSpec_UsingWidth_IsToldToWriteHidden(string key, int notices)
    {
        var spec = SweepSpec.Parse($$"""
            { "name": "cka", "task": "dissection", "data": "mixture:n=30,d=3,k=2", "grid": { "{{key}}": [8] } }
            """, "test");
        var lines = RenamedParameters.SpecNotices(spec).ToList();
        Assert.Equal(notices, lines.Count);
        if (notices == 1) Assert.Equal("memlab: note: 'width' in cka is the earlier name of the dissection parameter 'hidden'; it still works, but write 'hidden'.", lines[0]);
        Assert.DoesNotContain(spec.DataSpecFor(spec.Runs()[0]).Split(',', ':'), entry => entry.StartsWith(key + "=", StringComparison.Ordinal));
    }

    [Fact]
    public void SweepRun_WithTheEarlierName_PrintsTheNoticeOnStderr()
    {
        using var folder = new MemLab.Tests.Data.Loaders.TempDirectory();
        string spec = folder.File("renamed.json");
        File.WriteAllText(spec, """
            { "name": "renamed", "task": "nearest-centre", "data": "moons:n=40,noise=0.05", "grid": { "fraction": [1] }, "metrics": ["memorized"] }
            """);
        // The run itself fails (the task splits the data, which refuses fraction=): the notice says why before it starts.
        var run = CliRunner.Run("sweep", "run", spec, "--db", folder.File("renamed.db"), "--blas", "managed", "--json");
        Assert.StartsWith("memlab: note: 'fraction' in renamed is read as it is today, not as the nearest-centre parameter 'radius_fraction'", run.Error, StringComparison.Ordinal);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using MemLab.Cli.Commands;
using MemLab.Experiments;
using MemLab.Training;

namespace MemLab.Tests.Cli;

/// <summary>
/// The width search has one set of names: every parameter of <see cref="WidthSearchOptions"/> is an option of
/// <c>memlab gap</c> in kebab-case and a parameter of the gap sweep task in snake_case, a value given either way gives
/// the same search, and the canned gap sweeps (whose files and hashes are unchanged) still set it under those names.
/// </summary>
public class WidthSearchParametersTests
{
    /// <summary>A value of every width-search parameter that differs from its default, as a spec writes it and as the command line does.</summary>
    private static readonly (string Name, string Spec, string[] CommandLine)[] Samples =
    [
        ("seeds", "3", ["--seeds", "3"]),
        ("start", "4", ["--start", "4"]),
        ("max_width", "256", ["--max-width", "256"]),
        ("precision", "0.125", ["--precision", "0.125"]),
        ("memory", "500MB", ["--memory", "500MB"]),
        ("decide_early", "1", ["--decide-early"]),
    ];

    [Fact]
    public void SweepNames_AreTheNamesGapSpecsHaveUsed_AndTheGapTaskTakesThem()
    {
        var names = OptionsBinder.SweepNames(typeof(WidthSearchOptions));
        Assert.Equal(["seeds", "start", "max_width", "precision", "memory", "decide_early"], names);
        Assert.All(names, name => Assert.Contains(name, new GapTask().Parameters));
        Assert.DoesNotContain("workers", new GapTask().Parameters);
    }

    [Fact]
    public void EveryParameter_GivenOnTheCommandLineOrInASpec_GivesTheSameSearch()
    {
        Assert.Equal(Samples.Select(s => s.Name), OptionsBinder.SweepNames(typeof(WidthSearchOptions)));
        var defaults = new WidthSearchOptions();
        foreach (var (name, spec, args) in Samples)
        {
            var fromSpec = OptionsBinder.Bind(defaults, new Dictionary<string, string> { [name] = spec }, "gap");
            var parameters = OptionsBinder.Describe(defaults).Select(p => ParameterOption.Create(p)).ToList();
            var command = new RootCommand();
            foreach (var parameter in parameters) command.Options.Add(parameter.Option);
            var parse = command.Parse(args);
            Assert.True(parse.Errors.Count == 0, $"{string.Join(" ", args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            var fromCommandLine = OptionsBinder.Bind(defaults, ParameterOption.GivenValues(parse, parameters, TextWriter.Null), "gap");
            Assert.Equal(fromSpec, fromCommandLine);
            Assert.NotEqual(defaults, fromSpec);
        }
    }

    [Theory]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("500MB", 500_000_000L)]
    [InlineData("64k", 64_000L)]
    [InlineData("1.5e9", 1_500_000_000L)]
    [InlineData("4096", 4096L)]
    public void Memory_ReadsDecimalUnitsOrBytes(string text, long bytes) =>
        Assert.Equal(bytes, OptionsBinder.Bind(new WidthSearchOptions(), new Dictionary<string, string> { ["memory"] = text }, "gap").MemoryBytes);

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void DecideEarly_ReadsZeroOneOrTrueFalse(string text, bool expected) =>
        Assert.Equal(expected, OptionsBinder.Bind(new WidthSearchOptions { DecideEarly = !expected }, new Dictionary<string, string> { ["decide_early"] = text }, "gap").DecideEarly);

    [Fact]
    public void BadSpecValues_AreAllNamedInOneMessage()
    {
        var error = Assert.Throws<MemLabException>(() => OptionsBinder.Bind(new WidthSearchOptions(),
            new Dictionary<string, string> { ["memory"] = "lots", ["decide_early"] = "2", ["seeds"] = "many" }, "gap"));
        Assert.Contains("gap: memory=lots is not valid: 'lots' is not a size", error.Message);
        Assert.Contains("gap: decide_early=2 is not valid; see 'memlab gap --help'", error.Message);
        Assert.Contains("gap: seeds=many is not valid", error.Message);
    }

    [Fact]
    public void Search_WrittenAsParameters_BindsBackToTheSameSearch()
    {
        var search = new WidthSearchOptions { Seeds = 7, Start = 2, MaxWidth = 99, RelativePrecision = 0.1, MemoryBytes = 123_456_789, DecideEarly = true };
        Assert.Equal(search, OptionsBinder.Bind(new WidthSearchOptions(), OptionsBinder.Values(search), "gap"));
    }

    [Fact]
    public void CannedGapSweeps_SetTheSearchUnderTheBoundNames()
    {
        var gapSweeps = CannedSweeps.All().Where(s => s.Task == "gap").ToList();
        Assert.NotEmpty(gapSweeps);
        foreach (var spec in gapSweeps)
        {
            spec.Validate();
            var cell = spec.Runs()[0].Cell;
            var parameters = spec.TaskParametersFor(cell);
            var search = OptionsBinder.Bind(new WidthSearchOptions(), parameters, "gap");
            var grid = cell.Parameters.ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal(double.Parse(grid["precision"], CultureInfo.InvariantCulture), search.RelativePrecision);
            if (grid.TryGetValue("seeds", out string? seeds)) Assert.Equal(int.Parse(seeds, CultureInfo.InvariantCulture), search.Seeds);
            Assert.True(parameters.ContainsKey("max_width") || !grid.ContainsKey("max_width"), $"{spec.Name}: max_width became a data key");
        }
    }

    [Fact]
    public void GapHelp_OffersEveryWidthSearchParameterInKebabCase_AndWorkers()
    {
        var help = CliRunner.Run("gap", "--help");
        var options = Regex.Matches(help.Out, @"^\s+(?:-\w, )?(--[a-z0-9-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(OptionsBinder.SweepNames(typeof(WidthSearchOptions)).Select(OptionsBinder.CommandLineName), name => Assert.Contains(name, options));
        Assert.Contains("--workers", options);
    }
}

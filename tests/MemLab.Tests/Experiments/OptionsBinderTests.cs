using System.Text.RegularExpressions;
using MemLab.Constructions;
using MemLab.Experiments;
using MemLab.Tests.Cli;

namespace MemLab.Tests.Experiments;

public class OptionsBinderTests
{
    [Fact]
    public void SweepNames_AreTheNamesSweepSpecsHaveAlwaysUsed()
    {
        Assert.Equal(["width", "lambda", "activation", "cover", "reach"], OptionsBinder.SweepNames(typeof(FinkeOptions)));
        Assert.Equal(["arch", "activation", "p1", "p2", "batch", "sign_draws"], OptionsBinder.SweepNames(typeof(VershyninOptions)));
        Assert.Equal(["rounding_safety", "tolerance"], OptionsBinder.SweepNames(typeof(BubeckOptions)));
        Assert.Equal(["directions", "blocks"], OptionsBinder.SweepNames(typeof(YunOptions)));
    }

    [Fact]
    public void Bind_ReadsEachPropertyByItsType_AndLeavesTheDefaultsUntouched()
    {
        var defaults = new FinkeOptions();
        var bound = OptionsBinder.Bind(defaults, new Dictionary<string, string>
        {
            ["width"] = " 7 ", ["lambda"] = "0.25", ["activation"] = "relu", ["reach"] = "half", ["noise"] = "0.1",
        }, "finke");
        Assert.Equal(new FinkeOptions { Width = 7, Lambda = 0.25, Activation = Activation.Relu, Reach = CoverReach.Half }, bound);
        Assert.Equal(new FinkeOptions(), defaults);
    }

    [Fact]
    public void Bind_NullableAndListProperties_ReadTheirUnderlyingValues()
    {
        var bound = OptionsBinder.Bind(new VershyninOptions { Architecture = [] }, new Dictionary<string, string>
        {
            ["arch"] = "16,300,300,60,1", ["p1"] = "0.2", ["batch"] = "12", ["sign_draws"] = "1", ["activation"] = "mixed",
        }, "vershynin");
        Assert.Equal([16, 300, 300, 60, 1], bound.Architecture);
        Assert.Equal(0.2, bound.Sparsity1);
        Assert.Null(bound.Sparsity2);
        Assert.Equal(12, bound.BatchSize);
        Assert.Equal(1, bound.SignDraws);
        Assert.Equal(VershyninActivation.Mixed, bound.Activation);
    }

    [Fact]
    public void Bind_SeveralBadValues_OneMessageNamesEvery()
    {
        var error = Assert.Throws<MemLabException>(() => OptionsBinder.Bind(new FinkeOptions(), new Dictionary<string, string>
        {
            ["width"] = "wide", ["cover"] = "2", ["lambda"] = "0.5",
        }, "finke"));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("finke: width=wide is not valid", error.Message);
        Assert.Contains("finke: cover=2 is not valid", error.Message);
        Assert.DoesNotContain("lambda", error.Message);
    }

    [Fact]
    public void Bind_ArchitectureWithAWord_NamesTheParameterWithTheRecordsOwnMessage_BesideTheOtherProblems()
    {
        var error = Assert.Throws<MemLabException>(() => OptionsBinder.Bind(new VershyninOptions { Architecture = [] },
            new Dictionary<string, string> { ["arch"] = "16,wide,1", ["p1"] = "half" }, "vershynin"));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("vershynin: arch=16,wide,1 is not valid: The architecture '16,wide,1' has 'wide'", error.Message);
        Assert.Contains("vershynin: p1=half is not valid", error.Message);
    }

    [Fact]
    public void CommandLineName_IsTheKebabCaseOfTheSweepName()
    {
        Assert.Equal("--sign-draws", OptionsBinder.CommandLineName<VershyninOptions>(nameof(VershyninOptions.SignDraws)));
        Assert.Equal("--p1", OptionsBinder.CommandLineName<VershyninOptions>(nameof(VershyninOptions.Sparsity1)));
        Assert.Equal("--rounding-safety", OptionsBinder.CommandLineName<BaumOptions>(nameof(BaumOptions.RoundingSafety)));
        Assert.Throws<ArgumentException>(() => OptionsBinder.CommandLineName<BaumOptions>("Width"));
    }

    [Fact]
    public void Bind_WithAPrefix_ReadsOnlyThePrefixedNames()
    {
        var values = new Dictionary<string, string> { ["finke_width"] = "40", ["width"] = "7", ["finke_cover"] = "none" };
        var bound = OptionsBinder.Bind(new FinkeOptions(), values, "finke", "finke_");
        Assert.Equal(new FinkeOptions { Width = 40, Cover = Cover.None }, bound);
        var error = Assert.Throws<MemLabException>(() =>
            OptionsBinder.Bind(new FinkeOptions(), new Dictionary<string, string> { ["finke_lambda"] = "x" }, "finke", "finke_"));
        Assert.Contains("finke: finke_lambda=x is not valid", error.Message);
    }

    [Fact]
    public void Bind_SharedName_SetsItsPropertiesThroughTheRecordsWithMethod()
    {
        var bound = OptionsBinder.Bind(new NearestCentreOptions(), new Dictionary<string, string> { ["radius"] = "2.5", ["radius_fraction"] = "0.25" }, "nearest-centre");
        Assert.Equal(new NearestCentreOptions { Rule = RadiusRule.Fixed, Radius = 2.5, Fraction = 0.25 }, bound);
        Assert.Equal(["radius", "radius_fraction", "order", "max_parameters"], OptionsBinder.SweepNames(typeof(NearestCentreOptions)));
        Assert.Equal("--radius", OptionsBinder.CommandLineName<NearestCentreOptions>(nameof(NearestCentreOptions.Rule)));
        var error = Assert.Throws<MemLabException>(() =>
            OptionsBinder.Bind(new NearestCentreOptions(), new Dictionary<string, string> { ["radius"] = "big" }, "nearest-centre"));
        Assert.Contains("'big'", error.Message);
    }

    /// <summary>
    /// Every construction's build subcommand offers exactly its options' parameters in kebab-case (an option may keep
    /// an earlier name as an alias) and its sweep task takes them in snake_case.
    /// </summary>
    [Fact]
    public void EveryConstruction_BuildOptionsAndSweepParametersAreTheSameNames()
    {
        string[] shared = ["--data", "--seed", "--output", "--help", "--json", "--verbose", "--threads", "--blas", "--data-dir"];
        foreach (var entry in ConstructionRegistry.All)
        {
            var names = OptionsBinder.SweepNames(entry.OptionsType);
            Assert.Equal(names, SweepTasks.Find(entry.Id).Parameters.Take(names.Count));
            var help = CliRunner.Run("build", entry.Id, "--help");
            var lines = Regex.Matches(help.Out, @"^\s+((?:--?[a-z0-9-]+(?:, )?)+)", RegexOptions.Multiline)
                .Select(m => Regex.Matches(m.Groups[1].Value, "--[a-z0-9-]+").Select(token => token.Value).ToList())
                .Where(tokens => tokens.Count > 0 && !tokens.Any(shared.Contains))
                .ToList();
            var expected = names.Select(OptionsBinder.CommandLineName).ToList();
            Assert.All(lines, tokens => Assert.Contains(tokens, expected.Contains));
            Assert.All(expected, name => Assert.Contains(lines, tokens => tokens.Contains(name)));
            Assert.Equal(expected.Count, lines.Count);
        }
    }
}

using System.CommandLine;
using System.Text.RegularExpressions;
using MemLab.Cli.Commands;
using MemLab.Experiments;
using MemLab.Training;

namespace MemLab.Tests.Cli;

/// <summary>
/// The training recipe has one set of names: every parameter of <see cref="TrainOptions"/> is an option of
/// <c>memlab train</c> in kebab-case and a parameter of the train sweep task in snake_case, and a value given either way
/// gives the same recipe (<c>gap</c>: the same, less <c>hidden</c>, which its width search sets).
/// </summary>
public class RecipeParametersTests
{
    /// <summary>A value of every recipe parameter that differs from its default and is valid with <c>optimizer=sgd</c> (gd for the optimizer itself).</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["hidden"] = "16x8", ["optimizer"] = "gd", ["lr"] = "0.125", ["loss"] = "cross-entropy", ["init"] = "xavier-normal", ["init_scale"] = "0.5",
        ["steps"] = "7", ["batch"] = "9", ["momentum"] = "0.25", ["adam_beta1"] = "0.75", ["adam_beta2"] = "0.875", ["adam_epsilon"] = "1e-6",
        ["dropout"] = "0.125", ["weight_decay"] = "0.001", ["check_every"] = "3", ["time_limit"] = "60", ["tolerance"] = "0.01",
    };

    [Fact]
    public void SweepNames_AreTheNamesSpecsHaveUsed_AndNoOtherProperty()
    {
        var names = OptionsBinder.SweepNames(typeof(TrainOptions));
        Assert.Equal(["hidden", "optimizer", "lr", "loss", "init", "init_scale", "steps", "batch", "momentum", "adam_beta1", "adam_beta2", "adam_epsilon",
            "dropout", "weight_decay", "check_every", "time_limit", "tolerance"], names);
        Assert.Equal(names, new TrainTask().Parameters);
        Assert.Equal(names.Where(n => n != "hidden"), new GapTask().Parameters.Where(names.Contains));
    }

    [Fact]
    public void EveryParameter_GivenOnTheCommandLineOrInASpec_GivesTheSameRecipe()
    {
        Assert.Equal(Samples.Keys.Order(), OptionsBinder.SweepNames(typeof(TrainOptions)).Order());
        var defaults = new TrainOptions { Optimizer = Optimizer.Sgd };
        foreach (var (name, value) in Samples)
        {
            var fromSpec = TrainTask.Options(new Dictionary<string, string> { ["optimizer"] = "sgd", [name] = value });
            var recipe = new RecipeOptions();
            var command = new RootCommand();
            recipe.AddTo(command);
            string[] args = name == "optimizer" ? ["--optimizer", value] : ["--optimizer", "sgd", OptionsBinder.CommandLineName(name), name == "hidden" ? "16,8" : value];
            var parse = command.Parse(args);
            Assert.True(parse.Errors.Count == 0, $"{string.Join(" ", args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            var fromCommandLine = recipe.Bind(parse, TextWriter.Null, new TrainOptions());
            Assert.True(Same(fromSpec, fromCommandLine), $"{name}={value}: the spec and the command line bind different recipes.");
            Assert.False(Same(defaults, fromSpec), $"{name}={value} left the recipe unchanged.");
        }
    }

    [Fact]
    public void Recipe_WrittenAsParameters_BindsBackToTheSameRecipe()
    {
        var recipe = TrainTask.Options(Samples.Where(s => s.Key != "optimizer").ToDictionary()) with { Optimizer = Optimizer.Sgd, StopWhenMemorized = true };
        var values = OptionsBinder.Values(recipe);
        Assert.Equal("16,8", values["hidden"]);
        Assert.Equal("xavier-normal", values["init"]);
        Assert.True(Same(recipe, TrainTask.Options(values)));
    }

    [Theory]
    [InlineData("train", "")]
    [InlineData("gap", "--hidden")]
    public void Help_OffersEveryRecipeParameterInKebabCase(string commandName, string leftOut)
    {
        var help = CliRunner.Run(commandName, "--help");
        var options = Regex.Matches(help.Out, @"^\s+(?:-\w, )?(--[a-z0-9-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var expected = OptionsBinder.SweepNames(typeof(TrainOptions)).Select(OptionsBinder.CommandLineName).Where(name => name != leftOut).ToList();
        Assert.All(expected, name => Assert.Contains(name, options));
        if (leftOut.Length > 0) Assert.DoesNotContain(leftOut, options);
    }

    [Theory]
    [InlineData("--hidden", "160,x", "expected whole numbers")]
    [InlineData("--hidden", "16,0", "--hidden 16,0: Every hidden width must be >= 1; got [16, 0].")]
    [InlineData("--loss", "l1", "expected one of logistic, cross-entropy, square, hinge")]
    [InlineData("--adam-beta1", "1", "--adam-beta1 1: Adam's beta1 must be in [0, 1); got 1.")]
    public void BadValue_IsAUsageErrorNamingTheOption(string option, string value, string expected)
    {
        var trained = CliRunner.Run("train", "--data", "moons:n=20", option, value);
        Assert.Equal(2, trained.ExitCode);
        Assert.Contains(expected, trained.Error);
    }

    [Fact]
    public void SpecValue_ThatDoesNotParse_NamesTheParameterAndWhatItTakes()
    {
        var error = Assert.Throws<MemLabException>(() => TrainTask.Options(new Dictionary<string, string> { ["hidden"] = "wide", ["init"] = "zeros" }));
        Assert.Contains("train: hidden=wide is not valid; see 'memlab train --help' for the values hidden takes. It takes whole numbers", error.Message);
        Assert.Contains("train: init=zeros is not valid; see 'memlab train --help' for the values init takes. It takes one of he, xavier-uniform", error.Message);
    }

    /// <summary>Records compare lists by reference, so the widths are compared by value here.</summary>
    private static bool Same(TrainOptions a, TrainOptions b) => a.Hidden.SequenceEqual(b.Hidden) && a with { Hidden = [] } == b with { Hidden = [] };
}

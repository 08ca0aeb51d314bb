using System.CommandLine;
using System.Text.Json;
using MemLab.Cli;
using MemLab.Cli.Commands;
using MemLab.Constructions;
using MemLab.Experiments;

namespace MemLab.Tests.Cli;

/// <summary>
/// The <c>memlab build</c> subcommands are made from the registry and the options records: every registered construction
/// has one, it offers every parameter of its record under the binder's name with a description, its defaults are the
/// record's, and an earlier option name still works with a notice.
/// </summary>
public class GeneratedBuildCommandTests
{
    public static TheoryData<string> Constructions() => [.. ConstructionRegistry.All.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(Constructions))]
    public void BuildSubcommand_OffersEveryParameterOfTheOptionsRecord_Described(string id)
    {
        var construction = ConstructionRegistry.Find(id);
        var build = CliApp.BuildRoot(Environment()).Subcommands.Single(c => c.Name == "build");
        var command = build.Subcommands.Single(c => c.Name == id);
        var expected = OptionsBinder.SweepNames(construction.OptionsType).Select(OptionsBinder.CommandLineName)
            .Concat(["--data", "--seed", "--output"]).Order().ToList();
        Assert.Equal(expected, command.Options.Select(o => o.Name).Order().ToList());
        Assert.All(command.Options, option => Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{id} {option.Name} has no description"));
        Assert.NotEqual(BuildView.Plain(construction).Description, command.Description);
    }

    [Theory]
    [MemberData(nameof(Constructions))]
    public void BuildOptionDefaults_BindToTheRecordsDefaults(string id)
    {
        var construction = ConstructionRegistry.Find(id);
        var parameters = ConstructionCommand.ParameterOptions(construction, BuildCommand.View(construction));
        var command = new Command(id);
        foreach (var parameter in parameters) command.Options.Add(parameter.Option);
        var parse = command.Parse([]);
        var shown = parameters.Where(p => !p.Parameter.Required && p.Read(parse) is not null)
            .ToDictionary(p => p.Parameter.Name, p => p.Read(parse)!);
        Assert.NotEmpty(shown);
        var bound = OptionsBinder.Bind(construction.Defaults(), shown, id);
        Assert.Equal(Json(construction.Defaults()), Json(bound));
        Assert.All(parameters, p => Assert.Null(p.Given(parse)));
    }

    [Fact]
    public void GivenValues_BindThroughTheBinder_AsTheSweepNamesDo()
    {
        var construction = ConstructionRegistry.Find(FinkeConstruction.ConstructionId);
        var parameters = ConstructionCommand.ParameterOptions(construction, BuildCommand.View(construction));
        var command = new Command("finke");
        foreach (var parameter in parameters) command.Options.Add(parameter.Option);
        var parse = command.Parse(["-n", "77", "--lambda", "0.25", "--cover", "random", "--activation", "relu"]);
        var given = parameters.Where(p => p.Given(parse) is not null).ToDictionary(p => p.Parameter.Name, p => p.Given(parse)!);
        var fromCommandLine = (FinkeOptions)OptionsBinder.Bind(construction.Defaults(), given, "finke");
        var fromSweep = OptionsBinder.Bind(new FinkeOptions(), new Dictionary<string, string>
        {
            ["width"] = "77", ["lambda"] = "0.25", ["cover"] = "random", ["activation"] = "relu",
        }, "finke");
        Assert.Equal(fromSweep, fromCommandLine);
        Assert.Equal(77, fromCommandLine.Width);
    }

    [Fact]
    public void EarlierOptionName_Works_WithAOneLineNoticeOnStderr()
    {
        const string Data = "moons:n=120,noise=0.05,seed=4";
        var old = CliRunner.Run("build", "nearest-centre", "--data", Data, "--fraction", "0.4", "--json", "--blas", "managed");
        Assert.Equal(0, old.ExitCode);
        Assert.Equal(0.4, old.Json().GetProperty("options").GetProperty("fraction").GetDouble());
        string notice = Assert.Single(old.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("memlab: --fraction is the earlier name of --radius-fraction; it still works, but write --radius-fraction.", notice);

        var current = CliRunner.Run("build", "nearest-centre", "--data", Data, "--radius-fraction", "0.4", "--json", "--blas", "managed");
        Assert.Equal(0, current.ExitCode);
        Assert.Equal("", current.Error);
        Assert.Equal(0.4, current.Json().GetProperty("options").GetProperty("fraction").GetDouble());
    }

    [Fact]
    public void BuildCommand_EqualsTheLabCallWithTheSweepNames_BitForBit()
    {
        using var folder = new MemLab.Tests.Data.Loaders.TempDirectory();
        const string Data = "moons:n=200,noise=0.05,seed=4";
        string fromCommand = folder.File("command.safetensors"), fromLab = folder.File("lab.safetensors");
        var built = CliRunner.Run("build", "finke", "--data", Data, "-n", "90", "--cover", "random", "--seed", "3", "-o", fromCommand, "--blas", "managed");
        Assert.Equal(0, built.ExitCode);

        var lab = new Lab(MemLab.LinearAlgebra.BlasBackend.Resolve(MemLab.LinearAlgebra.BlasChoice.Managed).Blas, null);
        var (_, result) = lab.Build("finke", Data, new Dictionary<string, string> { ["width"] = "90", ["cover"] = "random" }, new Seed(3));
        lab.Save(result.Network, fromLab);

        var a = lab.LoadNetwork(fromCommand);
        var b = lab.LoadNetwork(fromLab);
        Assert.Equal(a.Widths, b.Widths);
        for (int i = 0; i < a.Layers.Count; i++)
        {
            Assert.Equal(a.Layers[i].StoredWeights.ToArray(), b.Layers[i].StoredWeights.ToArray());
            Assert.Equal(a.Layers[i].Bias.ToArray(), b.Layers[i].Bias.ToArray());
        }
    }

    [Fact]
    public void TableOptionsRow_IsACommandLineThatRepeatsTheRun()
    {
        const string Data = "gaussian:n=60,d=4,targets=uniform,seed=2";
        var built = CliRunner.Run("build", "zhang", "--data", Data, "-r", "5", "--seed", "7", "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        string row = built.Out.Split('\n').Single(line => line.Contains(" options ", StringComparison.Ordinal));
        string options = row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1];
        Assert.Equal("--directions 5 --seed 7", options);
        var again = CliRunner.Run(["build", "zhang", "--data", Data, .. options.Split(' '), "--json", "--blas", "managed"]);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(5, again.Json().GetProperty("options").GetProperty("directions").GetInt32());
        Assert.Equal(7ul, again.Json().GetProperty("seed").GetUInt64());
    }

    [Fact]
    public void ParseErrorsOfSeveralOptions_AreAllRefusedAtParseTime()
    {
        var root = CliApp.BuildRoot(Environment());
        var errors = root.Parse(["build", "finke", "--data", "moons:n=20", "--width", "0", "--lambda", "-1", "--activation", "identity"]).Errors
            .Select(e => e.Message).ToList();
        Assert.Contains(errors, e => e.StartsWith("--width 0: ", StringComparison.Ordinal) && e.Contains(" --lambda -1: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("identity", StringComparison.Ordinal));
    }

    private static string Json(ConstructionOptions options) => JsonSerializer.Serialize(options, options.GetType());

    private static CliEnvironment Environment() =>
        new(TextWriter.Null, TextWriter.Null, _ => null, OutputRedirected: true, ErrorRedirected: true);
}

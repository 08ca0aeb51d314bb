using System.CommandLine;
using MemLab.Cli;
using MemLab.Cli.Commands;
using MemLab.Tests.Cli;

namespace MemLab.Tests.Hostile;

/// <summary>
/// The exit-code rule for option values, tested for every option of every command: a numeric option has a stated
/// range (in <see cref="OptionRanges"/>, or in the options record it comes from), or is declared unbounded; a value
/// outside it is a parse error under the option's own name, and the command exits 2 with one line; a value inside it
/// passes the check.
/// </summary>
public sealed class OptionRangeTests
{
    private static readonly Type[] NumericTypes = [typeof(int), typeof(int?), typeof(long), typeof(long?), typeof(double), typeof(double?), typeof(int[]), typeof(ulong), typeof(ulong?)];

    /// <summary>For each option name: a value outside its range and one inside it.</summary>
    private static readonly Dictionary<string, (string Bad, string Good)> Values = new()
    {
        ["--threads"] = ("0", "1"), ["--workers"] = ("0", "1"), ["--steps"] = ("0", "5"), ["--batch"] = ("0", "8"),
        ["--check-every"] = ("0", "2"), ["--checkpoint-every"] = ("0", "2"), ["--hidden"] = ("0", "4"), ["--width"] = ("0", "10"),
        ["--height"] = ("0", "10"), ["--directions"] = ("0", "3"), ["--blocks"] = ("0", "3"), ["--sign-draws"] = ("0", "1"),
        ["--seeds"] = ("0", "3"), ["--start"] = ("0", "2"), ["--max-width"] = ("0", "8"), ["--permutations"] = ("19", "99"),
        ["--layer"] = ("0", "1"), ["--cpus"] = ("0", "2"), ["--max-parameters"] = ("0", "1000"), ["--array"] = ("1001", "1000"),
        ["--lr"] = ("0", "0.01"), ["--init-scale"] = ("0", "1"), ["--time-limit"] = ("0", "1.5"), ["--weight-decay"] = ("-1", "0"),
        ["--noise"] = ("-1", "0.25"), ["--lambda"] = ("-1", "0.5"), ["--tolerance"] = ("-1", "0.001"), ["--radius"] = ("-1", "0.5"),
        ["--momentum"] = ("1", "0.9"), ["--adam-beta1"] = ("1", "0.8"), ["--adam-beta2"] = ("-0.5", "0.99"), ["--adam-epsilon"] = ("0", "1e-7"),
        ["--dropout"] = ("1", "0.5"), ["--radius-fraction"] = ("1", "0.5"), ["--precision"] = ("1", "0.1"),
        ["--alpha"] = ("1", "0.05"), ["--p1"] = ("0.75", "0.5"), ["--p2"] = ("0", "0.25"), ["--rounding-safety"] = ("0.5", "1e4"),
        ["--lock-timeout"] = ("-1", "30"), ["--contour"] = ("NaN", "0.99"), ["--opset"] = ("16", "17"), ["--memory"] = ("0", "2GB"),
        ["--shard"] = ("2/2", "1/2"), ["--time"] = ("1 hour", "1:00:00"), ["--mem"] = ("4 GB", "4G"),
        ["--output"] = ("", "x.out"), ["--db"] = ("", "x.db"), ["--csv"] = ("", "x.csv"), ["--curves"] = ("", "c.csv"),
        ["--dir"] = ("", "shards"), ["--report"] = ("", "report"), ["--checkpoint-dir"] = ("", "checkpoints"),
    };

    /// <summary>Options that are valid only beside others (the record refuses momentum with Adam, its default optimizer).</summary>
    private static readonly Dictionary<string, string[]> Beside = new() { ["--momentum"] = ["--optimizer", "sgd"] };

    /// <summary>Every (command path, option) pair whose option is numeric or has a fixed format.</summary>
    public static TheoryData<string, string> Checked()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, option) in Options(CliApp.BuildRoot(Environment())))
            if (IsNumeric(option) || (option.ValueType == typeof(string) && (OptionRanges.Names.Contains(option.Name) || ParameterOption.IsRecordOption(option) && Values.ContainsKey(option.Name))))
                if (!OptionRanges.Unbounded.Contains(option.Name))
                    data.Add(path, option.Name);
        return data;
    }

    [Fact]
    public void EveryNumericOption_HasARangeOrIsDeclaredUnbounded()
    {
        var missing = Options(CliApp.BuildRoot(Environment()))
            .Where(p => IsNumeric(p.Option) && !OptionRanges.Names.Contains(p.Option.Name) && !OptionRanges.Unbounded.Contains(p.Option.Name)
                && !ParameterOption.IsRecordOption(p.Option))
            .Select(p => $"{p.Path} {p.Option.Name}")
            .ToList();
        Assert.True(missing.Count == 0, "numeric options without a range in OptionRanges: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Checked))]
    public void OptionValue_OutOfRange_IsAParseErrorUnderItsName_InRangePasses(string path, string name)
    {
        Assert.True(Values.ContainsKey(name), $"the test has no values for {name}; add a bad and a good one");
        var (bad, good) = Values[name];
        var root = CliApp.BuildRoot(Environment());
        string[] command = [.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), .. Beside.GetValueOrDefault(name, [])];

        var refused = root.Parse([.. command, name, bad]).Errors.Select(e => e.Message).ToList();
        Assert.Contains(refused, message => message.StartsWith(name + " ", StringComparison.Ordinal));
        var accepted = root.Parse([.. command, name, good]).Errors.Select(e => e.Message).ToList();
        Assert.DoesNotContain(accepted, message => message.StartsWith(name + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void OutOfRangeValue_ExitsTwoWithOneLine()
    {
        var outcome = CliRunner.Run("build", "finke", "--data", "moons:n=20", "--width", "0");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("memlab: --width 0: Width (n) must be >= 1; got 0. Pass a first-layer width such as 500. Run 'memlab build finke --help' for usage.", outcome.Error.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("gap", "--workers", "The number of workers must be >= 1; got 0.")]
    [InlineData("train", "--checkpoint-every", "The steps between checkpoints (CheckpointEvery) must be >= 1; got 0.")]
    public void OptionOfARecordPropertyThatIsNotAParameter_IsCheckedInTheRecordsWords(string command, string option, string problem)
    {
        var outcome = CliRunner.Run(command, "--data", "moons:n=20", option, "0");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"memlab: {option} 0: {problem}", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(OptionRanges.Names, name => name == "--checkpoint-every");
    }

    [Theory]
    [InlineData("train")]
    [InlineData("gap")]
    public void ToleranceZero_IsRefusedWhereItDefinesMemorizing_AndAcceptedAsAVerificationTolerance(string command)
    {
        var outcome = CliRunner.Run(command, "--data", "gaussian:n=20,d=3,targets=uniform,seed=1", "--loss", "square", "--tolerance", "0");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("memlab: --tolerance 0: The tolerance must be a finite number > 0; got 0.", outcome.Error);
        var root = CliApp.BuildRoot(Environment());
        Assert.DoesNotContain(root.Parse(["verify", "model.safetensors", "--data", "moons:n=20", "--tolerance", "0"]).Errors,
            error => error.Message.StartsWith("--tolerance ", StringComparison.Ordinal));
    }

    private static bool IsNumeric(Option option) => NumericTypes.Contains(option.ValueType);

    private static IEnumerable<(string Path, Option Option)> Options(Command command, string path = "")
    {
        foreach (var option in command.Options.Where(o => !o.Recursive || path.Length == 0))
            yield return (path, option);
        foreach (var child in command.Subcommands)
            foreach (var pair in Options(child, (path + " " + child.Name).Trim()))
                yield return pair;
    }

    private static CliEnvironment Environment() =>
        new(TextWriter.Null, TextWriter.Null, _ => null, OutputRedirected: true, ErrorRedirected: true);
}

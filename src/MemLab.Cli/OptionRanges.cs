using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MemLab.Experiments;
using MemLab.Interop.Onnx;

namespace MemLab.Cli;

/// <summary>
/// The range of every numeric option a command declares itself, checked while the command line is parsed, so a value
/// out of range is a usage error (exit 2) before any work starts, whichever command declares the option. The options
/// made from an options record's parameters are not here: their record states their ranges once, and
/// <see cref="Commands.ParameterOption.CheckTogether"/> checks them by it; nor are the options a command declares for a
/// record's property that is not a parameter (<c>--workers</c> of <c>gap</c>, <c>--checkpoint-every</c> of <c>train</c>),
/// which <see cref="Commands.ParameterOption.CheckByRecord"/> checks by their record.
/// </summary>
internal static class OptionRanges
{
    /// <summary>One option's range: the test and the words that state it in the message.</summary>
    private sealed record Range(Func<double, bool> Holds, string Rule);

    private static readonly Range AtLeastOne = new(v => v >= 1, "at least 1");
    private static readonly Range NonNegative = new(v => double.IsFinite(v) && v >= 0, "a finite number >= 0");

    /// <summary>The largest --array: Slurm's default MaxArraySize of 1001 allows task ids 0 .. 1000.</summary>
    public const int MaxArrayTasks = SlurmScript.MaxArrayTasks;

    private static readonly Dictionary<string, Range> Ranges = new(StringComparer.Ordinal)
    {
        ["--threads"] = AtLeastOne,
        ["--workers"] = AtLeastOne,
        ["--width"] = AtLeastOne,
        ["--height"] = AtLeastOne,
        ["--layer"] = AtLeastOne,
        ["--cpus"] = AtLeastOne,
        ["--array"] = new(v => v >= 1 && v <= MaxArrayTasks, $"between 1 and {MaxArrayTasks} (Slurm's default MaxArraySize)"),
        ["--tolerance"] = NonNegative,
        ["--lock-timeout"] = new(v => v >= 0 && v <= 86400, "between 0 and 86400 seconds"),
        ["--contour"] = new(double.IsFinite, "a finite number"),
        ["--opset"] = new(v => v >= OnnxExportOptions.MinOpset && v <= OnnxExportOptions.MaxOpset,
            string.Create(CultureInfo.InvariantCulture, $"between {OnnxExportOptions.MinOpset} and {OnnxExportOptions.MaxOpset}")),
    };

    /// <summary>String options with a fixed format: the check returns the problem, or null when the text is valid.</summary>
    private static readonly Dictionary<string, Func<string, string?>> Formats = new(StringComparer.Ordinal)
    {
        ["--shard"] = Shard.Problem,
        ["--time"] = SlurmScript.TimeProblem,
        ["--mem"] = SlurmScript.MemoryProblem,
        ["--output"] = text => NonEmptyPath("--output", text),
        ["--db"] = text => NonEmptyPath("--db", text),
        ["--csv"] = text => NonEmptyPath("--csv", text),
        ["--curves"] = text => NonEmptyPath("--curves", text),
        ["--dir"] = text => NonEmptyPath("--dir", text),
        ["--report"] = text => NonEmptyPath("--report", text),
        ["--checkpoint-dir"] = text => NonEmptyPath("--checkpoint-dir", text),
    };

    private static string? NonEmptyPath(string name, string text) =>
        string.IsNullOrWhiteSpace(text) ? $"{name} is empty; give a path, for example {name} results/out." : null;

    /// <summary>Options of a numeric type whose every value is valid (seeds are any 64-bit number).</summary>
    internal static readonly IReadOnlySet<string> Unbounded = new HashSet<string>(StringComparer.Ordinal) { "--seed" };

    /// <summary>The names of the options that carry a range.</summary>
    internal static IEnumerable<string> Names => Ranges.Keys.Concat(Formats.Keys);

    /// <summary>Adds the range check to every option of <paramref name="command"/> and its subcommands that has a range.</summary>
    public static void Install(Command command)
    {
        foreach (var option in command.Options)
        {
            if (Commands.ParameterOption.IsRecordOption(option)) continue;
            if (Ranges.TryGetValue(option.Name, out var range))
                option.Validators.Add(result => Check(result, option.Name, range));
            if (Formats.TryGetValue(option.Name, out var format))
                option.Validators.Add(result =>
                {
                    if (result.GetValueOrDefault<string?>() is { } text && format(text) is { } problem) result.AddError(problem);
                });
        }
        foreach (var child in command.Subcommands) Install(child);
    }

    private static void Check(OptionResult result, string name, Range range)
    {
        object? value;
        try
        {
            value = result.Option.ValueType == typeof(string) ? result.GetValueOrDefault<string>() : GetValue(result);
        }
        catch (InvalidOperationException)
        {
            return; // The value did not parse; the parser reports that itself.
        }
        foreach (double number in Numbers(value))
            if (!range.Holds(number))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be {range.Rule}; got {Text(result)}."));
                return;
            }
    }

    private static object? GetValue(OptionResult result) => result.Option.ValueType switch
    {
        var t when t == typeof(int) => result.GetValueOrDefault<int>(),
        var t when t == typeof(int?) => result.GetValueOrDefault<int?>(),
        var t when t == typeof(long) => result.GetValueOrDefault<long>(),
        var t when t == typeof(double) => result.GetValueOrDefault<double>(),
        var t when t == typeof(double?) => result.GetValueOrDefault<double?>(),
        var t when t == typeof(int[]) => result.GetValueOrDefault<int[]>(),
        _ => null,
    };

    /// <summary>The numbers an option's value holds: none for an unset nullable, each element of a list; a string option (such as --radius, which also takes words) counts when it is a number or a list of numbers.</summary>
    private static IEnumerable<double> Numbers(object? value) => value switch
    {
        null => [],
        int i => [i],
        long l => [l],
        double d => [d],
        int[] list => list.Select(i => (double)i),
        string text => TextNumbers(text),
        _ => [],
    };

    /// <summary>The numbers of a text value: one number, or a list such as --hidden 160,64 (or 160x64); none when a part is not a number.</summary>
    private static IEnumerable<double> TextNumbers(string text)
    {
        var parts = text.Split([',', 'x'], StringSplitOptions.TrimEntries);
        var numbers = parts.Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : (double?)null).ToList();
        return numbers.All(n => n is not null) ? numbers.Select(n => n!.Value) : [];
    }

    private static string Text(OptionResult result) => result.Tokens.Count == 0 ? "nothing" : string.Join(" ", result.Tokens.Select(t => t.Value));
}

using System.Globalization;

namespace MemLab.Experiments;

/// <summary>Reads a sweep task's own parameters from a run's input, with the options record's default when the grid does not set them and the message every task gives for a bad value.</summary>
internal static class TaskParameters
{
    /// <summary>
    /// The grid's value of <paramref name="name"/> read by <paramref name="parse"/>, or null when the grid does not set it.
    /// </summary>
    /// <exception cref="MemLabException">(InvalidSpec) <paramref name="parse"/> rejects the value; the message points to the task's command --help.</exception>
    public static T? Optional<T>(SweepTaskInput input, string task, string name, Func<string, T?> parse) where T : struct =>
        Optional(input.Parameters, task, name, parse);

    /// <summary>As <see cref="Optional{T}(SweepTaskInput, string, string, Func{string, T?})"/>, from a cell's task parameters.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) <paramref name="parse"/> rejects the value.</exception>
    public static T? Optional<T>(IReadOnlyDictionary<string, string> parameters, string task, string name, Func<string, T?> parse) where T : struct
    {
        if (!parameters.TryGetValue(name, out string? text)) return null;
        return parse(text.Trim()) ?? throw Invalid(task, name, text);
    }

    /// <summary>As <see cref="Optional{T}(SweepTaskInput, string, string, Func{string, T?})"/>, with <paramref name="defaultValue"/> when the grid does not set it.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) the value does not parse.</exception>
    public static T Value<T>(SweepTaskInput input, string task, string name, T defaultValue, Func<string, T?> parse) where T : struct =>
        Optional(input, task, name, parse) ?? defaultValue;

    /// <summary>As <see cref="Value{T}(SweepTaskInput, string, string, T, Func{string, T?})"/>, from a cell's task parameters.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) the value does not parse.</exception>
    public static T Value<T>(IReadOnlyDictionary<string, string> parameters, string task, string name, T defaultValue, Func<string, T?> parse) where T : struct =>
        Optional(parameters, task, name, parse) ?? defaultValue;

    /// <summary>
    /// The error for a value of <paramref name="name"/> that does not parse: it says what <paramref name="expected"/>
    /// when given, else which command's --help lists the values.
    /// </summary>
    public static MemLabException Invalid(string task, string name, string text, string? expected = null) =>
        MemLabException.InvalidSpec(expected is null
            ? $"{task}: {name}={text} is not valid; see '{HelpCommand(task)}' for the values {name} takes."
            : $"{task}: {name}={text} is not valid; expected {expected}.");

    /// <summary>An integer in invariant culture, or null.</summary>
    public static int? WholeNumber(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;

    /// <summary>A real number in invariant culture, or null.</summary>
    public static double? RealNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;

    /// <summary>The command whose --help lists a task's parameter values: <c>memlab train</c> and <c>memlab gap</c> for training and the width search, else the task's build command.</summary>
    private static string HelpCommand(string task) =>
        task is Training.Trainer.Id or "gap" ? $"memlab {task} --help" : $"memlab build {task} --help";

    /// <summary>The metrics every 1-D projection construction records from its details (the rest come from its report, <see cref="ReportMetrics"/>).</summary>
    public static Dictionary<string, double?> ProjectionMetrics(int hiddenUnits, double minGap, double range, double? classMargin) => new()
    {
        ["hidden_units"] = hiddenUnits,
        ["class_margin"] = classMargin is { } margin && double.IsFinite(margin) ? margin : null,
        ["min_gap"] = minGap,
        ["relative_min_gap"] = minGap / range,
    };
}

using System.Globalization;

namespace MemLab.Experiments;

/// <summary>Reads a sweep task's own numeric parameters from a run's input, with the options record's default when the grid does not set them and the message every task gives for a bad value.</summary>
internal static class TaskParameters
{
    /// <summary>The grid's integer value of <paramref name="name"/>, or <paramref name="defaultValue"/> when the grid does not set it.</summary>
    /// <exception cref="MemLabException">The value is not an integer.</exception>
    public static int? Integer(SweepTaskInput input, string task, string name, int? defaultValue)
    {
        if (!input.Parameters.TryGetValue(name, out string? text)) return defaultValue;
        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw MemLabException.InvalidSpec($"{task}: {name}={text} is not an integer; see 'memlab build {task} --help' for the values {name} takes.");
    }

    /// <summary>The grid's value of <paramref name="name"/> as a number, or <paramref name="defaultValue"/>.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) the value is not a number; the message names the task and parameter.</exception>
    public static double Number(SweepTaskInput input, string task, string name, double defaultValue)
    {
        if (!input.Parameters.TryGetValue(name, out string? text)) return defaultValue;
        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw MemLabException.InvalidSpec($"{task}: {name}={text} is not a number; see 'memlab build {task} --help' for the values {name} takes.");
    }

    /// <summary>The metrics every 1-D projection construction records, from its report.</summary>
    public static Dictionary<string, double?> ProjectionMetrics(Constructions.ConstructionReport report, int hiddenUnits, double minGap, double range,
        double? classMargin) => new()
    {
        ["memorized"] = report.Memorized ? 1 : 0,
        ["parameters"] = report.ParameterCount,
        ["hidden_units"] = hiddenUnits,
        ["max_abs_weight"] = report.Verification.MaxAbsWeight,
        ["max_error"] = report.Verification.MaxError is { } error && double.IsFinite(error) ? error : null,
        ["class_margin"] = classMargin is { } margin && double.IsFinite(margin) ? margin : null,
        ["min_gap"] = minGap,
        ["relative_min_gap"] = minGap / range,
        ["failures"] = report.Verification.FailureCount,
    };
}

using System.Globalization;

namespace MemLab.Experiments;

/// <summary>Reads a task's own numeric parameters from a sweep cell, with the options record's default when the grid does not set them.</summary>
internal static class TaskParameters
{
    /// <summary>The grid's value of <paramref name="name"/> as a number, or <paramref name="defaultValue"/>.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) the value is not a number; the message names the task and parameter.</exception>
    public static double Number(SweepTaskInput input, string task, string name, double defaultValue)
    {
        if (!input.Parameters.TryGetValue(name, out string? text)) return defaultValue;
        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw MemLabException.InvalidSpec($"{task}: {name}={text} is not a number; see 'memlab build {task} --help' for the values {name} takes.");
    }
}

using System.Globalization;

namespace MemLab.Experiments;

/// <summary>What the sweep tasks share about their parameters: the message every task gives for a value that does not parse, and the number readers <see cref="OptionsBinder"/> uses.</summary>
internal static class TaskParameters
{
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

    /// <summary>The command whose help lists a task's parameters: <c>memlab train</c> and <c>memlab gap</c> for training and the width search, a construction's build command, else the list of sweep tasks.</summary>
    private static string HelpCommand(string task) =>
        task is Training.Trainer.Id or "gap" ? $"memlab {task} --help"
        : Constructions.ConstructionRegistry.All.Any(c => c.Id == task) ? $"memlab build {task} --help"
        : "memlab sweep tasks";
}

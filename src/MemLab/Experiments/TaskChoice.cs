using System.ComponentModel;

namespace MemLab.Experiments;

/// <summary>
/// What a task that runs one of several builders chooses per run: the classic construction of the classic task
/// (<c>construction</c>, one of <see cref="ClassicTask.Constructions"/>) and the model of the compare task (<c>model</c>,
/// one of <see cref="CompareTask.Models"/>). Bound by <see cref="OptionsBinder"/>; each task lists and requires its own
/// choice (<see cref="Required"/>).
/// </summary>
public sealed record TaskChoice
{
    /// <summary>The classic task's construction: baum, bubeck, zhang or yun. Default null, which the task refuses.</summary>
    [Description("The classic construction a run builds: baum, bubeck, zhang or yun.")]
    public string? Construction { get; init; }

    /// <summary>The compare task's model: a construction id (nearest-centre, yun, bubeck, finke) or 1nn. Default null, which the task refuses.</summary>
    [Description("The model a run trains and tests on held-out data: nearest-centre, yun, bubeck, finke or 1nn.")]
    public string? Model { get; init; }

    /// <summary>The construction <paramref name="text"/> names.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) it is not one of <see cref="ClassicTask.Constructions"/>.</exception>
    public static string ParseConstruction(string text) => OneOf(text, ClassicTask.Constructions, "a classic construction");

    /// <summary>The model <paramref name="text"/> names.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) it is not one of <see cref="CompareTask.Models"/>.</exception>
    public static string ParseModel(string text) => OneOf(text, CompareTask.Models, "a model");

    /// <summary>The choice of parameter <paramref name="property"/> of task <paramref name="task"/>, which the grid must set.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) the grid does not set it; the message lists the values.</exception>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a choice of this record (a programmer error).</exception>
    public string Required(string task, string property)
    {
        string name = OptionsBinder.SweepName<TaskChoice>(property);
        var (value, choices) = property switch
        {
            nameof(Construction) => (Construction, ClassicTask.Constructions),
            nameof(Model) => (Model, CompareTask.Models),
            _ => throw new ArgumentException($"TaskChoice has no choice {property}.", nameof(property)),
        };
        return value ?? throw MemLabException.InvalidSpec($"{task}: no {name} is set; set \"{name}\" in the grid to one or more of {string.Join(", ", choices)}.");
    }

    private static string OneOf(string text, IReadOnlyList<string> choices, string what) => choices.Contains(text)
        ? text
        : throw MemLabException.InvalidSpec($"not {what}; expected one of {string.Join(", ", choices)}.");
}

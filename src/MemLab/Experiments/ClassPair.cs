using System.ComponentModel;

namespace MemLab.Experiments;

/// <summary>
/// The pair of classes a task that tests what it builds keeps (<see cref="HeldOutPair"/>): <c>first</c> and
/// <c>second</c>, class names or indices, both or neither. Bound by <see cref="OptionsBinder"/>; <see cref="Problems"/>
/// states the constraint once.
/// </summary>
public sealed record ClassPair : ICheckedOptions
{
    /// <summary>The first class of the pair (a name or a 0-based index), relabelled 0. Default null: every class.</summary>
    [Description("First class of the pair (name or index), relabelled 0; with second. Cells with first >= second are empty.")]
    public string? First { get; init; }

    /// <summary>The second class of the pair (a name or a 0-based index), relabelled 1. Default null: every class.</summary>
    [Description("Second class of the pair (name or index), relabelled 1; with first.")]
    public string? Second { get; init; }

    /// <summary>The two classes, or none when the run keeps every class.</summary>
    public IReadOnlyList<string> Classes => First is { } first && Second is { } second ? [first, second] : [];

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if ((First is null) != (Second is null))
            yield return "A pair needs both parameters first and second (class names or indices); set both in the grid.";
    }
}

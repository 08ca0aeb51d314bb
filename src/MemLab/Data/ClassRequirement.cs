namespace MemLab.Data;

/// <summary>
/// What a method needs of labelled data, checked by <see cref="DatasetChecks.RequireClasses"/>: class labels (not real
/// targets), a number of classes between <see cref="MinClasses"/> and <see cref="MaxClasses"/>, and at least one point
/// in every class. The hints end the one-line refusals with what the user can do instead.
/// </summary>
/// <param name="Method">The method as a sentence names it, e.g. "Baum's construction".</param>
public sealed record ClassRequirement(string Method)
{
    /// <summary>The fewest classes the method takes.</summary>
    public int MinClasses { get; init; } = 2;

    /// <summary>The most classes the method takes.</summary>
    public int MaxClasses { get; init; } = int.MaxValue;

    /// <summary>Ends the refusal of real targets.</summary>
    public string RealTargetsHint { get; init; } = "Use labelled data.";

    /// <summary>Ends the refusal of a number of classes out of range.</summary>
    public string ClassCountHint { get; init; } = "";

    /// <summary>Ends the refusal of an empty class.</summary>
    public string EmptyClassHint { get; init; } = "";
}

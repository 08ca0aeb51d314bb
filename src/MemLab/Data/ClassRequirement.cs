namespace MemLab.Data;

/// <summary>
/// What a method needs of labelled data, checked by <see cref="DatasetChecks.RequireClasses"/>: class labels (not real
/// targets), a number of classes between <paramref name="MinClasses"/> and <paramref name="MaxClasses"/>, at least one
/// point in every class and, when asked, no conflicting duplicates. The hints end the one-line refusals with what the
/// user can do instead.
/// </summary>
/// <param name="Method">The method as a sentence names it, e.g. "Baum's construction".</param>
/// <param name="MinClasses">The fewest classes the method takes.</param>
/// <param name="MaxClasses">The most classes the method takes.</param>
/// <param name="RealTargetsHint">Ends the refusal of real targets.</param>
/// <param name="ClassCountHint">Ends the refusal of a number of classes out of range.</param>
/// <param name="EmptyClassHint">Ends the refusal of an empty class.</param>
/// <param name="NoConflictingDuplicates">Also refuse two points with identical features and different labels (<see cref="DatasetChecks.RequireNoConflictingDuplicates"/>).</param>
public sealed record ClassRequirement(string Method, int MinClasses = 2, int MaxClasses = int.MaxValue,
    string RealTargetsHint = "Use labelled data.", string ClassCountHint = "", string EmptyClassHint = "", bool NoConflictingDuplicates = false);

namespace MemLab.Reporting;

/// <summary>One class pair of a model comparison: each model's mean held-out accuracy (null where it has none).</summary>
/// <param name="Pair">The pair: the cell's value of the classes parameter, such as "3-8".</param>
/// <param name="Accuracy">Mean test accuracy per model, in grid order.</param>
public sealed record ComparisonRow(string Pair, IReadOnlyDictionary<string, double?> Accuracy);

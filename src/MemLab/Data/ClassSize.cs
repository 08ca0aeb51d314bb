namespace MemLab.Data;

/// <summary>How many points of a dataset carry one class label.</summary>
/// <param name="Label">The label, 0 .. K-1.</param>
/// <param name="Name">The class name.</param>
/// <param name="Count">The number of points with that label.</param>
public sealed record ClassSize(int Label, string Name, int Count);

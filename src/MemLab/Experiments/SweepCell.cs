namespace MemLab.Experiments;

/// <summary>One point of a sweep's grid: a value for every grid parameter.</summary>
/// <param name="Index">The cell's position in grid order (the first parameter varies slowest).</param>
/// <param name="Parameters">The parameter values, in the grid's parameter order.</param>
public sealed record SweepCell(int Index, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>The canonical text of the cell, <c>name=value,name=value</c> in grid order; seeds are derived from it.</summary>
    public string Key => string.Join(",", Parameters.Select(p => p.Key + "=" + p.Value));

    /// <inheritdoc/>
    public override string ToString() => Key;
}

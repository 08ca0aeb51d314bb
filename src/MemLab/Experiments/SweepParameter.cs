namespace MemLab.Experiments;

/// <summary>
/// One axis of a sweep's grid: a parameter name and the values it takes, in order. Values are kept as text in the
/// invariant culture (numbers in their shortest round-trip form), because they are substituted into data specs
/// and parsed by the task; a range in a spec file is expanded into this list when the spec is read.
/// </summary>
/// <param name="Name">The parameter name: a task parameter or a key of the data source (for example <c>noise</c>).</param>
/// <param name="Values">The values, at least one, in grid order; a value given twice is kept once (where it first appears), so it runs once.</param>
public sealed record SweepParameter(string Name, IReadOnlyList<string> Values)
{
    /// <summary>The distinct values, in the order they first appear.</summary>
    public IReadOnlyList<string> Values { get; init; } = Values.Distinct(StringComparer.Ordinal).ToArray();
}

namespace MemLab.Reporting;

/// <summary>
/// What a report section needs of a results table: the grid parameters and metrics it reads, and the parameters it
/// draws, so that any other grid parameter must not vary. The capacity, comparison and scaling sections decide with it
/// whether they apply, whether the report shows them, and refuse a table that does not fit in one line.
/// </summary>
/// <param name="Title">How the refusal starts, with its verb, e.g. "A comparison needs".</param>
/// <param name="Drawing">What the section draws, as <see cref="ResultsTable.RequireOnlyVarying"/> names it.</param>
/// <param name="Parameters">The grid parameters the section reads.</param>
/// <param name="Metrics">The metrics the section reads.</param>
/// <param name="Axes">The grid parameters the section draws; the table may vary no other.</param>
internal sealed record SectionNeeds(string Title, string Drawing, string[] Parameters, string[] Metrics, string[] Axes)
{
    /// <summary>Whether <paramref name="table"/> has every parameter and metric the section reads.</summary>
    public bool Applies(ResultsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Parameters.All(table.Parameters.Contains) && Metrics.All(table.Metrics.Contains);
    }

    /// <summary>Whether the report shows the section: it <see cref="Applies">applies</see> and no grid parameter besides <see cref="Axes"/> varies.</summary>
    public bool Reportable(ResultsTable table) => Applies(table) && table.VaryingBesides(Axes).Count == 0;

    /// <summary>Throws unless the section applies (with <paramref name="moreMetrics"/> recorded too) and no other grid parameter varies.</summary>
    /// <exception cref="MemLabException">(InvalidOptions) naming what the section needs and what the sweep has.</exception>
    public void Require(ResultsTable table, params string[] moreMetrics)
    {
        ArgumentNullException.ThrowIfNull(table);
        string[] metrics = [.. Metrics, .. moreMetrics.Where(m => !Metrics.Contains(m))];
        if (!Applies(table) || !metrics.All(table.Metrics.Contains))
            throw MemLabException.InvalidOptions(
                $"{Title} grid parameters {Quoted(Parameters)} and metric{(metrics.Length > 1 ? "s" : "")} {Quoted(metrics)}; sweep {table.Name} has parameters {string.Join(", ", table.Parameters)} and metrics {string.Join(", ", table.Metrics)}.");
        table.RequireOnlyVarying(Drawing, Axes);
    }

    private static string Quoted(string[] names) => string.Join(" and ", names.Select(n => $"'{n}'"));
}

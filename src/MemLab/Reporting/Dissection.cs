namespace MemLab.Reporting;

/// <summary>
/// The summary of a <c>dissection</c> sweep (Gu and Tresp 2019; <see cref="Experiments.DissectionTask"/>): the mean CKA
/// over pairs of distinct networks, within the true-label networks, within the random-label networks and across the
/// two kinds. Gu and Tresp's finding is that within-true exceeds within-random.
/// </summary>
public static class Dissection
{
    private static readonly string[] Axes = ["first", "second"];

    /// <summary>Whether the report shows the dissection means for <paramref name="table"/>: it <see cref="Applies">applies</see> and no other grid parameter varies.</summary>
    public static bool Reportable(ResultsTable table) => Applies(table) && table.VaryingBesides(Axes).Count == 0;

    /// <summary>Whether <paramref name="table"/> has the parameters and metrics of a dissection sweep.</summary>
    public static bool Applies(ResultsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Parameters.Contains("first") && table.Parameters.Contains("second")
            && new[] { "cka", "first_random", "second_random" }.All(table.Metrics.Contains);
    }

    /// <summary>The means over cells whose two networks differ (the diagonal is 1 by definition).</summary>
    /// <exception cref="MemLabException">The table is not a dissection sweep's, or another grid parameter varies.</exception>
    public static DissectionSummary Summarize(ResultsTable table)
    {
        if (!Applies(table))
            throw MemLabException.InvalidOptions("The dissection summary needs a sweep over 'first' and 'second' recording cka, first_random and second_random (task dissection).");
        table.RequireOnlyVarying("the dissection means", Axes);
        var pairs = table.Cells
            .Where(c => c.Parameters["first"] != c.Parameters["second"])
            .Where(c => c.Metrics["cka"].Mean is not null && c.Metrics["first_random"].Mean is not null && c.Metrics["second_random"].Mean is not null)
            .Select(c => (Cka: c.Metrics["cka"].Mean!.Value, Random: (int)Math.Round(c.Metrics["first_random"].Mean!.Value + c.Metrics["second_random"].Mean!.Value)))
            .ToList();
        double? Mean(int randomCount)
        {
            var values = pairs.Where(p => p.Random == randomCount).Select(p => p.Cka).ToList();
            return values.Count == 0 ? null : values.Average();
        }
        return new DissectionSummary(Mean(0), Mean(2), Mean(1), pairs.Count);
    }
}

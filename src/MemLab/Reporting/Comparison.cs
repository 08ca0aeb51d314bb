using ScottPlot;

namespace MemLab.Reporting;

/// <summary>
/// A comparison of models' held-out accuracy over class pairs (the <c>yu-compare</c> experiment, a grid over the data
/// key <c>classes</c>, such as "3-8", and the task parameter <c>model</c>): per pair, each
/// model's test accuracy; how far the first model of the grid (the reference, M1) is above each other model; and a
/// bar chart with one group of bars per pair.
/// </summary>
public static class Comparison
{
    private static readonly SectionNeeds Needs = new("A comparison needs", "one accuracy per pair and model",
        [GridNames.Model, GridNames.Classes], [GridNames.TestAccuracy], [GridNames.Model, GridNames.Classes]);

    /// <summary>Whether the report shows a comparison for <paramref name="table"/>: it <see cref="Applies">applies</see> and no other grid parameter varies.</summary>
    public static bool Reportable(ResultsTable table) => Needs.Reportable(table);

    /// <summary>Whether <paramref name="table"/> has the parameters and metric a comparison needs.</summary>
    public static bool Applies(ResultsTable table) => Needs.Applies(table);

    /// <summary>The models, in grid order (the first is the reference).</summary>
    /// <exception cref="MemLabException">The table does not <see cref="Applies">apply</see>, or a parameter besides model and pair varies.</exception>
    public static IReadOnlyList<string> Models(ResultsTable table)
    {
        Require(table);
        return table.Cells.Select(c => c.Parameters[GridNames.Model]).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>One row per pair with at least one accuracy, in grid order.</summary>
    /// <exception cref="MemLabException">The table does not <see cref="Applies">apply</see>, or a parameter besides model and pair varies.</exception>
    public static IReadOnlyList<ComparisonRow> Rows(ResultsTable table)
    {
        var models = Models(table);
        return table.Cells
            .GroupBy(c => c.Parameters[GridNames.Classes], StringComparer.Ordinal)
            .Where(g => g.Any(c => c.Metrics[GridNames.TestAccuracy].Mean is not null))
            .Select(g => new ComparisonRow(g.Key, models.ToDictionary(m => m,
                m => g.FirstOrDefault(c => c.Parameters[GridNames.Model] == m)?.Metrics[GridNames.TestAccuracy].Mean, StringComparer.Ordinal)))
            .ToList();
    }

    /// <summary>The reference model's lead over each other model, in grid order.</summary>
    /// <exception cref="MemLabException">The table does not <see cref="Applies">apply</see>, or a parameter besides model and pair varies.</exception>
    public static IReadOnlyList<ComparisonLead> Leads(ResultsTable table)
    {
        var models = Models(table);
        var rows = Rows(table);
        return models.Skip(1).Select(model =>
        {
            var leads = rows.Where(r => r.Accuracy[models[0]] is not null && r.Accuracy[model] is not null)
                .Select(r => (r.Pair, Lead: r.Accuracy[models[0]]!.Value - r.Accuracy[model]!.Value)).ToList();
            if (leads.Count == 0) return new ComparisonLead(model, 0, 0, null, null, null);
            var smallest = leads.MinBy(l => l.Lead);
            return new ComparisonLead(model, leads.Count, leads.Count(l => l.Lead > 0), smallest.Lead, smallest.Pair, leads.Average(l => l.Lead));
        }).ToList();
    }

    /// <summary>The bar chart: one group per pair, one bar per model (its test accuracy, from 0 to 1), the legend beside the plot.</summary>
    /// <exception cref="MemLabException">The table does not <see cref="Applies">apply</see>, or a parameter besides model and pair varies.</exception>
    public static Plot Figure(ResultsTable table)
    {
        var models = Models(table);
        var rows = Rows(table);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (int p = 0; p < rows.Count; p++)
            for (int m = 0; m < models.Count; m++)
                if (rows[p].Accuracy[models[m]] is { } accuracy)
                    bars.Add(new Bar { Position = p * (models.Count + 1) + m, Value = accuracy, FillColor = palette.GetColor(m) });
        plot.Add.Bars(bars);
        for (int m = 0; m < models.Count; m++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = models[m], FillColor = palette.GetColor(m) });
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, rows.Count).Select(p => p * (models.Count + 1) + (models.Count - 1) / 2.0).ToArray(),
            rows.Select(r => r.Pair).ToArray());
        plot.Axes.SetLimits(-1, Math.Max(1, rows.Count * (models.Count + 1) - 1), 0, 1.02);
        plot.XLabel("class pair");
        plot.YLabel(GridNames.TestAccuracy);
        plot.Title($"{table.Name}: {GridNames.TestAccuracy} per pair and model");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static void Require(ResultsTable table) => Needs.Require(table);
}

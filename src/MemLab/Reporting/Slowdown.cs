using System.Globalization;
using ScottPlot;

namespace MemLab.Reporting;

/// <summary>
/// How much dropout slows memorization, group by group (Arpit et al. 2017, "A closer look at memorization in deep
/// networks", section 4: dropout slows the fitting of random labels far more than the learning of real ones): for each
/// value of the other varying grid parameters (such as <c>labels</c>), the mean steps to memorize at each dropout
/// rate divided by the mean at dropout 0, next to the fraction of runs that memorized. The mean counts only the runs
/// that memorized, so in a cell where some did not, the true slowdown is larger than the ratio shown.
/// </summary>
public static class Slowdown
{
    /// <summary>Whether <paramref name="table"/> varies dropout, with 0 among its values, and records the steps to memorize and whether runs memorized.</summary>
    public static bool Applies(ResultsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.Parameters.Contains(GridNames.Dropout) || !table.Metrics.Contains(GridNames.StepsToMemorize) || !table.Metrics.Contains(GridNames.Memorized))
            return false;
        var rates = table.Cells.Select(c => Rate(c.Parameters[GridNames.Dropout])).Distinct().ToList();
        return rates.Count > 1 && rates.Contains(0);
    }

    /// <summary>The groups (combinations of the other grid parameters that vary), in grid order.</summary>
    /// <exception cref="MemLabException">The table does not <see cref="Applies">apply</see>.</exception>
    public static IReadOnlyList<string> Groups(ResultsTable table)
    {
        Require(table);
        var parameters = table.VaryingBesides(GridNames.Dropout);
        return table.Cells.Select(c => GroupOf(parameters, c)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>One entry per cell, in grid order.</summary>
    /// <exception cref="MemLabException">The table does not <see cref="Applies">apply</see>.</exception>
    public static IReadOnlyList<SlowdownCell> Cells(ResultsTable table)
    {
        Require(table);
        var parameters = table.VaryingBesides(GridNames.Dropout);
        var baseline = table.Cells.Where(c => Rate(c.Parameters[GridNames.Dropout]) == 0)
            .GroupBy(c => GroupOf(parameters, c), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Metrics[GridNames.StepsToMemorize].Mean, StringComparer.Ordinal);
        return table.Cells.Select(cell =>
        {
            string group = GroupOf(parameters, cell);
            double? steps = cell.Metrics[GridNames.StepsToMemorize].Mean;
            double? reference = baseline.GetValueOrDefault(group);
            return new SlowdownCell(group, Rate(cell.Parameters[GridNames.Dropout]), steps,
                steps is { } s && reference is { } r && r > 0 ? s / r : null, cell.Metrics[GridNames.Memorized].Mean);
        }).ToList();
    }

    /// <summary>The slowdown against dropout, one line per group, with the line ratio = 1 (as fast as without dropout).</summary>
    /// <exception cref="MemLabException">The table does not <see cref="Applies">apply</see>.</exception>
    public static Plot Figure(ResultsTable table)
    {
        var cells = Cells(table);
        var plot = new Plot();
        foreach (string group in cells.Select(c => c.Group).Distinct(StringComparer.Ordinal))
        {
            var points = cells.Where(c => c.Group == group && c.Ratio is not null).OrderBy(c => c.Dropout).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(c => c.Dropout).ToArray(), points.Select(c => c.Ratio!.Value).ToArray());
            line.LegendText = group;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }
        var one = plot.Add.HorizontalLine(1);
        one.LinePattern = LinePattern.Dashed;
        one.LineColor = Colors.Gray;
        plot.XLabel(GridNames.Dropout);
        plot.YLabel($"{GridNames.StepsToMemorize} / {GridNames.StepsToMemorize} at dropout 0");
        plot.Title($"{table.Name}: slowdown by dropout (runs that memorized)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static string GroupOf(IReadOnlyList<string> parameters, CellResult cell) =>
        parameters.Count == 0 ? "all" : string.Join(", ", parameters.Select(p => $"{p}={cell.Parameters[p]}"));

    private static double Rate(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) ? rate : double.NaN;

    private static void Require(ResultsTable table)
    {
        if (!Applies(table))
            throw MemLabException.InvalidOptions(
                $"A slowdown table needs grid parameter '{GridNames.Dropout}' with the value 0 among others and metrics '{GridNames.StepsToMemorize}' and '{GridNames.Memorized}'; sweep {table.Name} has parameters {string.Join(", ", table.Parameters)} and metrics {string.Join(", ", table.Metrics)}.");
    }
}

using System.Globalization;
using ScottPlot;

namespace MemLab.Reporting;

/// <summary>
/// Scaling figures for a sweep over sample size and construction (the <c>classic-scaling</c> experiment): per value
/// of the data dimension d, the parameter count, the run time and the largest |weight| against N on log-log axes, one
/// colour per construction, the parameter figure with the line parameters = N (the order of the counting lower bound:
/// memorizing N arbitrary labels needs about N parameters, up to logarithmic factors).
/// </summary>
public static class Scaling
{
    private static readonly SectionNeeds Needs = new("Scaling figures need", "the scaling figures",
        [GridNames.Size, GridNames.Construction], [GridNames.Parameters], [GridNames.Size, GridNames.Construction, GridNames.Dimension]);

    /// <summary>Whether the report draws the scaling figures for <paramref name="table"/>: it <see cref="Applies">applies</see> and no other grid parameter varies.</summary>
    public static bool Reportable(ResultsTable table) => Needs.Reportable(table);

    /// <summary>Whether <paramref name="table"/> has the parameters and metric <see cref="Figures"/> needs.</summary>
    public static bool Applies(ResultsTable table) => Needs.Applies(table);

    /// <summary>
    /// The figures, d value by d value in grid order: parameters (with the line parameters = N), seconds, and
    /// max_abs_weight when recorded, each against N on log-log axes. Cells without a value (skipped ones) are left out.
    /// </summary>
    /// <exception cref="MemLabException">The table does not <see cref="Applies">apply</see>, or a parameter other than n, construction and d varies.</exception>
    public static IReadOnlyList<ReportFigure> Figures(ResultsTable table)
    {
        Needs.Require(table);
        List<string?> slices = table.Parameters.Contains(GridNames.Dimension)
            ? [.. table.Cells.Select(c => c.Parameters[GridNames.Dimension]).Distinct(StringComparer.Ordinal)]
            : [null];
        string[] metrics = [GridNames.Parameters, ResultFigures.Seconds, .. table.Metrics.Where(m => m == "max_abs_weight")];
        var figures = new List<ReportFigure>();
        foreach (string? d in slices)
        {
            var slice = d is null ? table : table with { Cells = table.Cells.Where(c => c.Parameters[GridNames.Dimension] == d).ToList() };
            string at = d is null ? "" : $" at {GridNames.Dimension} = {d}";
            foreach (string metric in metrics)
            {
                var plot = ResultFigures.Scatter(slice, GridNames.Size, metric, GridNames.Construction);
                if (metric == GridNames.Parameters) AddCountingBound(plot, slice);
                plot.Title($"{table.Name}: {metric} against N{at}");
                figures.Add(new ReportFigure(
                    $"{metric} against {GridNames.Size}{at}, one colour per {GridNames.Construction}, log-log (mean over seeds)" +
                    (metric == GridNames.Parameters ? "; the line is parameters = N, the order of the counting lower bound (up to logarithmic factors)." : "."), plot));
            }
        }
        return figures;
    }

    private static void AddCountingBound(Plot plot, ResultsTable slice)
    {
        var sizes = slice.Cells.Select(c => double.Parse(c.Parameters[GridNames.Size], NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
        double low = Math.Log10(sizes.Min()), high = Math.Log10(sizes.Max());
        var line = plot.Add.Line(low, low, high, high);
        line.LineColor = Colors.Black;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = "parameters = N";
    }
}

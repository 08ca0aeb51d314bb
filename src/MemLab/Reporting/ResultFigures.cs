using System.Globalization;
using MemLab.Experiments;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MemLab.Reporting;

/// <summary>
/// Figures of a sweep's aggregated results (<see cref="ResultsTable"/>), as ScottPlot 5 plots the caller can adjust
/// and save (<see cref="FigureFile"/>): a metric against a grid parameter with its 95% band, the same as points on
/// log-log axes, and a heatmap over two parameters with a contour; <see cref="Draw"/> draws the one a
/// <see cref="SweepFigure"/> describes, for reports and <c>memlab plot</c> alike. A figure's metric is a recorded metric,
/// <see cref="SuccessRate"/> or <see cref="Seconds"/>. Grid parameters the figure does not show must take a single value in the table;
/// narrow a table to a slice with <c>table with { Cells = ... }</c>.
/// </summary>
public static class ResultFigures
{
    /// <summary>The pseudo-metric for a cell's fraction of successful runs (<see cref="CellResult.SuccessRate"/>).</summary>
    public const string SuccessRate = SweepFigure.SuccessRate;

    /// <summary>The pseudo-metric for how long a cell's runs took, in seconds (<see cref="CellResult.Seconds"/>), with its 95% interval.</summary>
    public const string Seconds = "seconds";

    /// <summary>
    /// The figure <paramref name="figure"/> describes (a sweep spec's figure, or <c>memlab plot</c>'s options), drawn from
    /// <paramref name="table"/> narrowed to its <see cref="SweepFigure.Where"/>, with a caption that says what it shows:
    /// the one dispatch from a figure's description to <see cref="Line"/>, <see cref="Scatter"/> or <see cref="Heatmap"/>.
    /// </summary>
    /// <exception cref="MemLabException">As for the figure's kind; or a filter that keeps no cell.</exception>
    public static ReportFigure Draw(SweepFigure figure, ResultsTable table)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(table);
        ResultsTable slice = table.Where(figure.Where);
        string where = figure.Where.Count == 0 ? "" : ", " + string.Join(", ", figure.Where.GroupBy(w => w.Key).Select(g => $"{g.Key} = {string.Join(" or ", g.Select(w => w.Value))}"));
        var scale = figure.Log ? AxisScale.LogLog : AxisScale.Linear;
        switch (figure.Kind)
        {
            case FigureKind.Heatmap:
                string rows = figure.Rows ?? throw MemLabException.InvalidOptions($"A heatmap of {figure.Y} over {figure.X} needs a second grid parameter along its rows.");
                string contour = figure.Contour is { } level
                    ? string.Create(CultureInfo.InvariantCulture, $", outlined where {figure.ContourOf ?? figure.Y} is at least {level:G6}")
                    : "";
                return new ReportFigure($"{figure.Y} over {figure.X} and {rows}{where}{contour}.",
                    Heatmap(slice, figure.X, rows, figure.Y, figure.Contour, figure.ContourOf));
            case FigureKind.Scatter:
                return new ReportFigure($"{figure.Y} against {figure.X}{(figure.Series is null ? "" : ", one colour per " + figure.Series)}{where}: per-cell means.",
                    Scatter(slice, figure.X, figure.Y, figure.Series, scale));
            default:
                return new ReportFigure($"{figure.Y} against {figure.X}{(figure.Series is null ? "" : ", one line per " + figure.Series)}{where}: mean and 95% interval.",
                    Line(slice, figure.X, figure.Y, figure.Series, scale));
        }
    }

    /// <summary>
    /// <paramref name="metric"/>'s per-cell mean against the grid parameter <paramref name="x"/>, one line per
    /// value of <paramref name="series"/> (in grid order), each with a shaded band over its 95% interval (cells with
    /// one run add their mean to the band; success rates have no band). Numeric values of <paramref name="x"/> sit at
    /// their numbers; when any value is not a number (such as <c>randomize:0.2</c>), the values sit at 0, 1, 2, ... in
    /// grid order, each labelled by its text.
    /// </summary>
    /// <exception cref="MemLabException">An unknown parameter or metric, a non-numeric <paramref name="x"/> on log axes, another parameter that varies, or a value &lt;= 0 on log axes.</exception>
    public static Plot Line(ResultsTable table, string x, string metric, string? series = null, AxisScale scale = AxisScale.Linear) =>
        MetricPlot(table, x, metric, series, scale, lines: true);

    /// <summary>
    /// <paramref name="metric"/>'s per-cell mean against the numeric grid parameter <paramref name="x"/> as points,
    /// one colour per value of <paramref name="series"/>, by default on log-log axes (power laws are straight lines).
    /// </summary>
    /// <exception cref="MemLabException">An unknown parameter or metric, a non-numeric <paramref name="x"/>, another parameter that varies, or a value &lt;= 0 on log axes.</exception>
    public static Plot Scatter(ResultsTable table, string x, string metric, string? series = null, AxisScale scale = AxisScale.LogLog) =>
        MetricPlot(table, x, metric, series, scale, lines: false);

    /// <summary>
    /// <paramref name="metric"/>'s per-cell mean over grid parameters <paramref name="x"/> (columns) and
    /// <paramref name="y"/> (rows), one square per value pair in grid order (cell (i, j) is centred on (i, j), ticks
    /// show the values; cells without a value are blank), with a colour bar and, when <paramref name="contourLevel"/>
    /// is given, the outline of the cells where <paramref name="contourMetric"/> (default: the drawn metric) is at or
    /// above it (<see cref="CellContour"/>): a width heatmap can carry the 0.99 contour of the interpolation probability.
    /// </summary>
    /// <exception cref="MemLabException">An unknown parameter or metric, <paramref name="x"/> equal to <paramref name="y"/>, another parameter that varies, fewer than two values of either parameter, or a contour level that is not finite.</exception>
    public static Plot Heatmap(ResultsTable table, string x, string y, string metric, double? contourLevel = null, string? contourMetric = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        RequireParameter(table, x);
        RequireParameter(table, y);
        RequireMetric(table, metric);
        contourMetric ??= metric;
        RequireMetric(table, contourMetric);
        if (x == y)
            throw MemLabException.InvalidOptions($"The heatmap needs two different parameters; got '{x}' for both. Choose another of: {string.Join(", ", table.Parameters)}.");
        RequireSingleSlice(table, [x, y]);
        var columns = Distinct(table, x);
        var rows = Distinct(table, y);
        foreach (var (name, axisValues) in new[] { (x, columns), (y, rows) })
            if (axisValues.Count < 2)
                throw MemLabException.InvalidOptions(
                    $"A heatmap needs at least two values of each parameter, but '{name}' has only {string.Join(", ", axisValues)}; draw a line plot instead (no --heatmap).");
        double[,] values = Grid(table, x, y, columns, rows, metric);

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.FlipVertically = true;
        // ScottPlot's extent runs from the first cell's centre to the last one's (cells reach half a cell beyond it).
        heatmap.Extent = new CoordinateRect(0, columns.Count - 1, 0, rows.Count - 1);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // One rectangle per cell: the default single-bitmap strategy stretches a few-pixel bitmap unevenly (edge
        // cells drawn half as wide) and smooths it in SVG; experiment grids are small, so rectangles cost nothing.
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        plot.Add.ColorBar(heatmap).Label = metric;
        if (contourLevel is { } level)
        {
            var segments = CellContour.Trace(contourMetric == metric ? values : Grid(table, x, y, columns, rows, contourMetric), level);
            for (int s = 0; s < segments.Count; s++)
            {
                var line = plot.Add.Line(segments[s].X1, segments[s].Y1, segments[s].X2, segments[s].Y2);
                line.LineWidth = 3;
                line.LineColor = Colors.Red;
                if (s == 0) line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{contourMetric} >= {level:G6}");
            }
            if (segments.Count > 0) plot.ShowLegend(Alignment.UpperRight);
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(), columns.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows.Count).Select(j => (double)j).ToArray(), rows.ToArray());
        plot.Axes.SetLimits(-0.5, columns.Count - 0.5, -0.5, rows.Count - 0.5);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Title($"{table.Name}: {metric}");
        return plot;
    }

    /// <summary><paramref name="metric"/>'s mean per cell, indexed [row value, column value]; NaN where no cell has a value.</summary>
    private static double[,] Grid(ResultsTable table, string x, string y, List<string> columns, List<string> rows, string metric)
    {
        var values = new double[rows.Count, columns.Count];
        for (int j = 0; j < rows.Count; j++)
            for (int i = 0; i < columns.Count; i++)
                values[j, i] = double.NaN;
        foreach (var cell in table.Cells)
            values[rows.IndexOf(cell.Parameters[y]), columns.IndexOf(cell.Parameters[x])] = Value(cell, metric);
        return values;
    }

    private static Plot MetricPlot(ResultsTable table, string x, string metric, string? series, AxisScale scale, bool lines)
    {
        ArgumentNullException.ThrowIfNull(table);
        RequireParameter(table, x);
        RequireMetric(table, metric);
        if (series is not null)
        {
            RequireParameter(table, series);
            if (series == x)
                throw MemLabException.InvalidOptions($"The series parameter is '{series}', the same as the x parameter; choose another of: {string.Join(", ", table.Parameters)}.");
        }
        RequireSingleSlice(table, series is null ? [x] : [x, series]);
        bool log = scale == AxisScale.LogLog;
        var categories = Distinct(table, x);
        bool numeric = log || categories.All(IsNumber);
        Func<string, double> position = numeric ? value => Numeric(x, value) : value => categories.IndexOf(value);
        var plot = new Plot();
        var groups = series is null ? [table.Cells.ToList()] : Distinct(table, series).Select(v => table.Cells.Where(c => c.Parameters[series] == v).ToList()).ToList();
        foreach (var group in groups)
        {
            var points = group
                .Select(c => (X: position(c.Parameters[x]), Mean: Value(c, metric), Summary: Summary(c, metric)))
                .Where(p => !double.IsNaN(p.Mean))
                .OrderBy(p => p.X)
                .ToList();
            if (points.Count == 0) continue;
            double[] xs = points.Select(p => Axis(p.X, x, log)).ToArray();
            var scatter = plot.Add.Scatter(xs, points.Select(p => Axis(p.Mean, metric, log)).ToArray());
            scatter.LegendText = series is null ? metric : $"{series} = {group[0].Parameters[series]}";
            if (lines)
            {
                scatter.LineWidth = 2;
                scatter.MarkerSize = 5;
                if (metric != SuccessRate && points.Any(p => p.Summary!.Low is not null))
                {
                    var band = plot.Add.FillY(xs,
                        points.Select(p => Axis(p.Summary!.Low ?? p.Mean, metric, log)).ToArray(),
                        points.Select(p => Axis(p.Summary!.High ?? p.Mean, metric, log)).ToArray());
                    band.FillColor = scatter.Color.WithAlpha(0.25);
                    band.LineWidth = 0;
                }
            }
            else
            {
                scatter.LineWidth = 0;
                scatter.MarkerSize = 8;
            }
        }
        if (log)
        {
            LogTicks(plot.Axes.Bottom);
            LogTicks(plot.Axes.Left);
        }
        if (!numeric)
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        plot.XLabel(log ? x + " (log scale)" : x);
        plot.YLabel(log ? metric + " (log scale)" : metric);
        plot.Title(lines ? $"{table.Name}: {metric} (mean, 95% interval)" : $"{table.Name}: {metric} (mean)");
        if (series is not null) plot.ShowLegend();
        return plot;
    }

    /// <summary>Integer powers of ten as ticks, labelled by their value, for an axis that shows log10 of the data.</summary>
    internal static void LogTicks(IAxis axis) => axis.TickGenerator = new NumericAutomatic
    {
        IntegerTicksOnly = true,
        MinorTickGenerator = new LogMinorTickGenerator(),
        LabelFormatter = v => Math.Pow(10, v).ToString("G4", CultureInfo.InvariantCulture),
    };

    private static double Axis(double value, string name, bool log)
    {
        if (!log) return value;
        if (!(value > 0))
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"'{name}' has the value {value}, which a log axis cannot show; plot it on linear axes (no --log)."));
        return Math.Log10(value);
    }

    private static double Value(CellResult cell, string metric) =>
        metric == SuccessRate ? cell.SuccessRate : Summary(cell, metric)!.Mean ?? double.NaN;

    private static MetricSummary? Summary(CellResult cell, string metric) => metric switch
    {
        SuccessRate => null,
        Seconds => cell.Seconds,
        _ => cell.Metrics[metric],
    };

    private static bool IsNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number);

    private static double Numeric(string parameter, string value) =>
        IsNumber(value)
            ? double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw MemLabException.InvalidOptions($"Grid parameter '{parameter}' has the value '{value}', which is not a number; a log axis needs numbers, so draw it on linear axes, or use it as the series.");

    private static List<string> Distinct(ResultsTable table, string parameter) =>
        table.Cells.Select(c => c.Parameters[parameter]).Distinct(StringComparer.Ordinal).ToList();

    private static void RequireParameter(ResultsTable table, string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!table.Parameters.Contains(parameter))
            throw MemLabException.InvalidOptions($"Unknown grid parameter '{parameter}'; sweep {table.Name} has: {string.Join(", ", table.Parameters)}.");
    }

    private static void RequireMetric(ResultsTable table, string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (metric is not (SuccessRate or Seconds) && !table.Metrics.Contains(metric))
            throw MemLabException.InvalidOptions($"Unknown metric '{metric}'; sweep {table.Name} records: {string.Join(", ", table.Metrics.Append(SuccessRate).Append(Seconds))}.");
    }

    private static void RequireSingleSlice(ResultsTable table, IReadOnlyList<string> shown)
    {
        foreach (string parameter in table.VaryingBesides([.. shown]))
        {
            var values = Distinct(table, parameter);
            throw MemLabException.InvalidOptions(
                    $"Grid parameter '{parameter}' takes {values.Count} values ({string.Join(", ", values)}) but the figure shows only {string.Join(" and ", shown)}; show it as the series or heatmap axis, or plot one slice.");
        }
    }
}

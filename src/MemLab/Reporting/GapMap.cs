using System.Globalization;
using MemLab.Analysis;
using MemLab.Experiments;
using MemLab.Store;
using ScottPlot;

namespace MemLab.Reporting;

/// <summary>
/// The gap map's analysis of a <c>gap</c> sweep over N (issue 17): the runs arranged into <see cref="GapMapCell"/>s (a
/// series at one N, its data seeds at budgets B and 4B), the exponent table (<see cref="PowerLaw"/> fits of the GD width
/// and of the constructions' widths against N, budget-limited cells left out by <see cref="BudgetLimit"/>), the
/// predictor table (<see cref="SpearmanCorrelation"/> of each recorded geometric predictor with gd_width / (N/d)), and
/// the log-log figures. A search that found none enters tables and figures as its lower bound (<see cref="WidthOutcome"/>).
/// </summary>
public static class GapMap
{
    /// <summary>The constructions' width metrics fitted beside the GD width.</summary>
    public static IReadOnlyList<string> ConstructionMetrics { get; } = ["baum_width", "bubeck_width", "finke_width"];

    /// <summary>The predictor metrics correlated with the width (recorded with <c>predictors=1</c>).</summary>
    public static IReadOnlyList<string> PredictorMetrics { get; } = ["effective_rank", "condition_number", "min_distance_between_labels", "ntk_min_eigenvalue"];

    /// <summary>Whether <paramref name="spec"/> is a gap sweep whose grid varies N over at least two values and names d.</summary>
    public static bool Applies(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Task == "gap"
            && spec.Grid.Any(p => p.Name == GridNames.Size && p.Values.Count >= 2)
            && spec.Grid.Any(p => p.Name == GridNames.Dimension);
    }

    /// <summary>The successful runs of <paramref name="spec"/> arranged into cells, series by series in grid order, N ascending.</summary>
    public static IReadOnlyList<GapMapCell> Cells(SweepSpec spec, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runs);
        var varying = spec.Grid.Where(p => p.Values.Count > 1 && p.Name is not GridNames.Size and not GridNames.Budget).Select(p => p.Name).ToList();
        var budgets = spec.Grid.FirstOrDefault(p => p.Name == GridNames.Budget)?.Values.Select(Integer).Order().ToList() ?? [];
        int? budget = budgets.Count > 0 ? budgets[0] : null;
        int? fourTimes = budget is { } b && budgets.Contains(4 * b) ? 4 * b : null;

        var cells = new List<GapMapCell>();
        var ok = runs.Where(r => r.Status == RunStatus.Ok).ToList();
        var bySeries = ok.GroupBy(r => Label(r, varying)).OrderBy(g => g.Min(r => r.Cell.Index));
        foreach (var series in bySeries)
        {
            foreach (var size in series.GroupBy(r => Integer(Value(r, GridNames.Size)!)).OrderBy(g => g.Key))
            {
                var first = size.First();
                int? steps(RunRecord r) => Value(r, GridNames.Budget) is { } s ? Integer(s) : null;
                var atB = Outcomes(size.Where(r => steps(r) == budget));
                var at4B = fourTimes is null ? new Dictionary<int, WidthOutcome>() : Outcomes(size.Where(r => steps(r) == fourTimes));
                if (atB.Count == 0 && at4B.Count == 0) continue; // only runs at another budget succeeded
                var measuredRuns = size.Where(r => steps(r) == (fourTimes ?? budget)).ToList();
                var constructions = ConstructionMetrics.ToDictionary(m => m, m => (IReadOnlyDictionary<int, double>)measuredRuns
                    .Where(r => r.Metrics.GetValueOrDefault(m) is > 0).GroupBy(r => r.Repetition)
                    .ToDictionary(g => g.Key, g => g.First().Metrics[m]!.Value), StringComparer.Ordinal);
                var predictors = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (string metric in PredictorMetrics)
                {
                    var values = size.GroupBy(r => r.Repetition).Select(g => g.Select(r => r.Metrics.GetValueOrDefault(metric)).OfType<double>().FirstOrDefault(double.NaN))
                        .Where(double.IsFinite).ToList();
                    if (values.Count > 0) predictors[metric] = values.Average();
                }
                cells.Add(new GapMapCell(series.Key, Value(first, GridNames.Geometry) ?? spec.Data, size.Key, Integer(Value(first, GridNames.Dimension)!),
                    atB, at4B, constructions, predictors));
            }
        }
        return cells;
    }

    /// <summary>The exponent table: one row per series with at least one cell.</summary>
    /// <param name="cells">From <see cref="Cells"/>.</param>
    /// <param name="resamples">Bootstrap resamples per fit.</param>
    public static IReadOnlyList<GapMapExponent> Exponents(IReadOnlyList<GapMapCell> cells, int resamples = PowerLaw.DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var rows = new List<GapMapExponent>();
        foreach (var series in cells.GroupBy(c => c.Series))
        {
            // A sweep stopped part way can leave a cell with its B runs and none at 4B: the fit takes the larger budget, so such a
            // cell stays out of it (the cell table still shows it) rather than entering at the smaller budget.
            bool seriesHasFourTimes = series.Any(c => c.HasFourTimesBudget);
            var fitted = series.Where(c => !c.BudgetLimited && (c.HasFourTimesBudget || !seriesHasFourTimes)).ToList();
            var observations = fitted.SelectMany(c => c.Measured.Where(o => !o.Value.IsLowerBound)
                .Select(o => new SeedObservation(c.SampleCount, o.Key, o.Value.Width!.Value))).ToList();
            var seed = new Seed(0).Derive(series.Key);
            var constructionFits = ConstructionMetrics.ToDictionary(m => m, m => FitOrNull(
                series.SelectMany(c => c.Constructions[m].Select(w => new SeedObservation(c.SampleCount, w.Key, w.Value))).ToList(), seed.Derive(m), resamples),
                StringComparer.Ordinal);
            var largest = series.MaxBy(c => c.SampleCount)!;
            rows.Add(new GapMapExponent(series.Key, largest.Dimension, FitOrNull(observations, seed, resamples), fitted.Count,
                series.Count(c => c.BudgetLimited), fitted.Sum(c => c.Measured.Values.Count(o => o.IsLowerBound)),
                largest.SampleCount, largest.MeasuredMedian, constructionFits));
        }
        return rows;
    }

    /// <summary>The predictor table: Spearman's rho of each recorded predictor with the cells' median gd_width / (N/d), strongest first.</summary>
    public static IReadOnlyList<GapMapPredictor> Predictors(IReadOnlyList<GapMapCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return PredictorMetrics
            .Select(metric =>
            {
                var paired = cells.Where(c => c.Predictors.ContainsKey(metric) && c.Measured.Count > 0).ToList();
                double? rho = SpearmanCorrelation.Of(paired.Select(c => c.Predictors[metric]).ToList(), paired.Select(Ratio).ToList());
                return new GapMapPredictor(metric, rho, paired.Count, paired.Count(c => c.MeasuredMedian.IsLowerBound));
            })
            .Where(p => p.Cells > 0)
            .OrderByDescending(p => Math.Abs(p.Rho ?? 0))
            .ToList();
    }

    /// <summary>A cell's median gd_width / (N/d), a none at its lower bound.</summary>
    public static double Ratio(GapMapCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.MeasuredMedian.PlotValue / cell.NOverD;
    }

    /// <summary>
    /// The figures: first an overview of every series' gd_width / (N/d) against N (a none at its lower bound, as an
    /// open triangle); then per series, the width against N on log-log axes (median over data seeds at B and at 4B, a none drawn
    /// as an open triangle at its lower bound), the lines N/d and 4N/d, the constructions' widths and the fitted law;
    /// then the strongest predictor against gd_width / (N/d).
    /// </summary>
    public static IReadOnlyList<ReportFigure> Figures(IReadOnlyList<GapMapCell> cells, IReadOnlyList<GapMapExponent> exponents, IReadOnlyList<GapMapPredictor> predictors)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(exponents);
        ArgumentNullException.ThrowIfNull(predictors);
        var figures = new List<ReportFigure>();
        if (cells.Any(c => c.Measured.Count > 0))
            figures.Add(new("Overview: gd_width / (N/d) against N, one line per series (the median over data seeds of the width the map measures: at 4B when the grid has it); " +
                "an open triangle is a none, drawn at the largest width tried (a lower bound). Dashed: 1 (N/d) and 4 (Bubeck's 4N/d).",
                OverviewFigure(cells)));
        foreach (var series in cells.GroupBy(c => c.Series))
        {
            var fit = exponents.FirstOrDefault(e => e.Series == series.Key)?.Fit;
            figures.Add(new ReportFigure(
                $"{series.Key}: width against N, log-log. GD width: median over data seeds at budget B (circles) and 4B (squares); an open triangle is a none, drawn at the largest width tried (a lower bound). " +
                "Dashed: N/d and 4N/d; thin lines: the constructions' widths on the same data (mean over seeds); the grey line is the fitted c N^a.",
                SeriesFigure(series.ToList(), fit)));
        }
        var best = predictors.FirstOrDefault(p => p.Rho is not null);
        if (best is not null)
            figures.Add(new ReportFigure(
                string.Create(CultureInfo.InvariantCulture, $"The strongest predictor, {best.Metric} (Spearman rho = {best.Rho:F2} over {best.Cells} cells), against gd_width / (N/d) per cell; open triangles are lower bounds."),
                PredictorFigure(cells, best.Metric)));
        return figures;
    }

    private static Plot OverviewFigure(IReadOnlyList<GapMapCell> cells)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var measured = cells.Where(c => c.Measured.Count > 0).ToList();
        var sizes = measured.Select(c => c.SampleCount).Distinct().Order().ToList();
        foreach (double level in new[] { 1.0, 4.0 })
        {
            var reference = plot.Add.ScatterLine(new[] { Math.Log10(sizes[0]), Math.Log10(sizes[^1]) }, new[] { Math.Log10(level), Math.Log10(level) });
            reference.Color = Colors.Gray;
            reference.LinePattern = LinePattern.Dashed;
            reference.LegendText = level == 1 ? "N/d" : "4N/d";
        }
        int colour = 0;
        foreach (var series in measured.GroupBy(c => c.Series))
        {
            var color = palette.GetColor(colour++);
            var points = series.OrderBy(c => c.SampleCount).ToList();
            var line = plot.Add.Scatter(points.Select(c => Math.Log10(c.SampleCount)).ToArray(), points.Select(c => Math.Log10(Ratio(c))).ToArray());
            line.Color = color;
            line.MarkerSize = 6;
            line.LegendText = series.Key;
            var bounds = points.Where(c => c.MeasuredMedian.IsLowerBound).ToList();
            if (bounds.Count == 0) continue;
            var open = plot.Add.ScatterPoints(bounds.Select(c => Math.Log10(c.SampleCount)).ToArray(), bounds.Select(c => Math.Log10(Ratio(c))).ToArray());
            open.Color = color;
            open.MarkerShape = MarkerShape.OpenTriangleUp;
            open.MarkerSize = 12;
        }
        plot.Axes.Bottom.SetTicks(sizes.Select(n => Math.Log10(n)).ToArray(), sizes.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray());
        var ticks = OneTwoFive(Math.Min(1, measured.Min(Ratio)), Math.Max(4, measured.Max(Ratio)));
        plot.Axes.Left.SetTicks(ticks.Select(Math.Log10).ToArray(), ticks.Select(t => t.ToString("G4", CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel("N (log scale)");
        plot.YLabel("gd_width / (N/d) (log scale)");
        plot.Title("The width gradient descent needs, in units of N/d");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot SeriesFigure(IReadOnlyList<GapMapCell> series, PowerLawFit? fit)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var plotted = new List<double>();
        void Line(string label, Func<GapMapCell, double?> value, Color color, LinePattern pattern, float width)
        {
            var points = series.Select(c => (c.SampleCount, Value: value(c))).Where(p => p.Value is > 0).ToList();
            if (points.Count == 0) return;
            plotted.AddRange(points.Select(p => p.Value!.Value));
            var line = plot.Add.ScatterLine(points.Select(p => Math.Log10(p.SampleCount)).ToArray(), points.Select(p => Math.Log10(p.Value!.Value)).ToArray());
            line.LegendText = label;
            line.Color = color;
            line.LinePattern = pattern;
            line.LineWidth = width;
        }
        Line("N/d", c => c.NOverD, Colors.Black, LinePattern.Dashed, 1.5f);
        Line("4N/d", c => 4 * c.NOverD, Colors.Gray, LinePattern.Dashed, 1.5f);
        int colour = 2;
        foreach (string metric in ConstructionMetrics)
            Line(metric.Replace("_width", "", StringComparison.Ordinal), c => c.Constructions[metric].Count > 0 ? c.Constructions[metric].Values.Average() : null,
                palette.GetColor(colour++), LinePattern.Solid, 1);
        if (fit is not null)
            Line(string.Create(CultureInfo.InvariantCulture, $"fit: {fit.Coefficient:G3} N^{fit.Exponent:F2}"), c => fit.At(c.SampleCount), Colors.DarkGray, LinePattern.Solid, 1);
        plotted.AddRange(Markers(plot, series, c => c.AtBudget, "GD at B", palette.GetColor(0), MarkerShape.FilledCircle));
        if (series.Any(c => c.HasFourTimesBudget))
            plotted.AddRange(Markers(plot, series, c => c.AtFourTimesBudget, "GD at 4B", palette.GetColor(1), MarkerShape.FilledSquare));
        var sizes = series.Select(c => c.SampleCount).Distinct().ToList();
        plot.Axes.Bottom.SetTicks(sizes.Select(n => Math.Log10(n)).ToArray(), sizes.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray());
        var ticks = OneTwoFive(plotted.Min(), plotted.Max());
        plot.Axes.Left.SetTicks(ticks.Select(Math.Log10).ToArray(), ticks.Select(t => t.ToString("G4", CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel("N (log scale)");
        plot.YLabel("width (log scale)");
        plot.Title($"{series[0].Series}: width against N");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Draws the medians of <paramref name="outcomes"/> and returns the values drawn.</summary>
    private static IEnumerable<double> Markers(Plot plot, IReadOnlyList<GapMapCell> series, Func<GapMapCell, IReadOnlyDictionary<int, WidthOutcome>> outcomes, string label, Color color, MarkerShape shape)
    {
        var medians = series.Where(c => outcomes(c).Count > 0).Select(c => (c.SampleCount, Median: WidthOutcome.Median([.. outcomes(c).Values]))).ToList();
        foreach (bool bound in new[] { false, true })
        {
            var points = medians.Where(m => m.Median.IsLowerBound == bound).ToList();
            if (points.Count == 0) continue;
            var scatter = plot.Add.ScatterPoints(points.Select(p => Math.Log10(p.SampleCount)).ToArray(), points.Select(p => Math.Log10(p.Median.PlotValue)).ToArray());
            scatter.Color = color;
            scatter.MarkerShape = bound ? MarkerShape.OpenTriangleUp : shape;
            scatter.MarkerSize = bound ? 12 : 8;
            scatter.LegendText = bound ? $"{label}: none (lower bound)" : label;
        }
        return medians.Select(m => m.Median.PlotValue);
    }

    /// <summary>The values 1, 2 and 5 times a power of ten from just below <paramref name="low"/> to just above <paramref name="high"/>, for labelled log-axis ticks.</summary>
    internal static IReadOnlyList<double> OneTwoFive(double low, double high)
    {
        var ticks = new List<double>();
        for (int power = (int)Math.Floor(Math.Log10(low)); power <= (int)Math.Ceiling(Math.Log10(high)); power++)
            foreach (double mantissa in new[] { 1.0, 2, 5 })
            {
                double tick = mantissa * Math.Pow(10, power);
                if (tick >= low / 2.5 && tick <= high * 2.5) ticks.Add(tick);
            }
        return ticks;
    }

    private static Plot PredictorFigure(IReadOnlyList<GapMapCell> cells, string metric)
    {
        var plot = new Plot();
        var paired = cells.Where(c => c.Predictors.ContainsKey(metric) && c.Measured.Count > 0).ToList();
        bool log = paired.All(c => c.Predictors[metric] > 0);
        foreach (bool bound in new[] { false, true })
        {
            var points = paired.Where(c => c.MeasuredMedian.IsLowerBound == bound).ToList();
            if (points.Count == 0) continue;
            var scatter = plot.Add.ScatterPoints(
                points.Select(c => log ? Math.Log10(c.Predictors[metric]) : c.Predictors[metric]).ToArray(),
                points.Select(c => Math.Log10(Ratio(c))).ToArray());
            scatter.MarkerShape = bound ? MarkerShape.OpenTriangleUp : MarkerShape.FilledCircle;
            scatter.MarkerSize = bound ? 11 : 7;
            scatter.LegendText = bound ? "none (lower bound)" : "cells";
        }
        if (log) ResultFigures.LogTicks(plot.Axes.Bottom);
        var ticks = OneTwoFive(paired.Min(Ratio), paired.Max(Ratio));
        plot.Axes.Left.SetTicks(ticks.Select(Math.Log10).ToArray(), ticks.Select(t => t.ToString("G4", CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel(log ? $"{metric} (log scale)" : metric);
        plot.YLabel("gd_width / (N/d) (log scale)");
        plot.Title($"gd_width / (N/d) against {metric}");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static PowerLawFit? FitOrNull(IReadOnlyList<SeedObservation> observations, Seed seed, int resamples) =>
        observations.Select(o => o.Size).Distinct().Count() >= 2 ? PowerLaw.Fit(observations, seed, resamples) : null;

    private static Dictionary<int, WidthOutcome> Outcomes(IEnumerable<RunRecord> runs) =>
        runs.GroupBy(r => r.Repetition).ToDictionary(g => g.Key, g =>
        {
            var metrics = g.First().Metrics;
            double? width = metrics.GetValueOrDefault("gd_width");
            return new WidthOutcome(width, metrics.GetValueOrDefault("largest_failing_width") is { } failing ? Math.Max(failing, width ?? 0) : width ?? 0);
        });

    private static string Label(RunRecord run, IReadOnlyList<string> varying) =>
        varying.Count == 0 ? "all" : string.Join(", ", varying.Select(p => $"{p}={Value(run, p)}"));

    private static string? Value(RunRecord run, string parameter) =>
        run.Cell.Parameters.FirstOrDefault(p => p.Key == parameter).Value;

    private static int Integer(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}

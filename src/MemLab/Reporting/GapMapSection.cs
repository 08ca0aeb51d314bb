using System.Globalization;
using System.Net;
using System.Text;
using MemLab.Analysis;
using MemLab.Experiments;
using MemLab.Store;

namespace MemLab.Reporting;

/// <summary>
/// The gap map's part of a sweep report (<see cref="HtmlReport"/>): the exponent table, the widths per cell with the
/// budget verdict, the predictor table, and the figures of <see cref="GapMap.Figures"/>.
/// </summary>
public static class GapMapSection
{
    /// <summary>Appends the section to <paramref name="html"/> and its figures to <paramref name="figures"/>, when <see cref="GapMap.Applies"/>.</summary>
    public static void Append(StringBuilder html, SweepSpec spec, IReadOnlyList<RunRecord> runs, List<ReportFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(figures);
        var cells = GapMap.Cells(spec, runs);
        if (cells.Count == 0) return;
        var exponents = GapMap.Exponents(cells);
        var predictors = GapMap.Predictors(cells);
        bool twoBudgets = cells.Any(c => c.HasFourTimesBudget);

        html.Append("<h2>Gap map: how the GD width grows with N</h2>\n<p>Per series: gd_width = c N^a fitted by least squares on log width against log N, ")
            .Append("one observation per data seed, over the cells that are not budget-limited")
            .Append(twoBudgets ? " (widths at budget 4B; a cell is budget-limited when the median width at 4B is below " + N(BudgetLimit.Threshold) + " times the median at B, or B found none and 4B found one)" : "")
            .Append("; [95% interval] from ").Append(I(PowerLaw.DefaultResamples)).Append(" bootstrap resamples of the data seeds within each N. ")
            .Append("A none is a lower bound (&gt; the largest width tried) and is not fitted; the constructions' exponents fit their widths on the same data.</p>\n")
            .Append("<table id=\"gap-map-exponents\">\n")
            .Append(Row("th", ["series", "d", "a [95%]", "c", "cells fitted", "budget-limited", "nones left out", "largest N", "gd_width / (N/d) there",
                .. GapMap.ConstructionMetrics.Select(m => m.Replace("_width", " a", StringComparison.Ordinal))]));
        foreach (var row in exponents)
            html.Append(Row("td", [row.Series, I(row.Dimension),
                row.Fit is { } fit ? $"{F(fit.Exponent)} [{F(fit.ExponentLow)}, {F(fit.ExponentHigh)}]" : "fewer than 2 sizes",
                row.Fit is { } f ? N(f.Coefficient) : "", I(row.CellsFitted), I(row.CellsBudgetLimited), I(row.LowerBoundsLeftOut), I(row.LargestN),
                row.AtLargestN.Display((double)row.LargestN / row.Dimension),
                .. GapMap.ConstructionMetrics.Select(m => row.ConstructionFits[m] is { } c ? $"{F(c.Exponent)} [{F(c.ExponentLow)}, {F(c.ExponentHigh)}]" : "")]));
        html.Append("</table>\n");

        html.Append("<h3>Widths per cell</h3>\n<p>Median over data seeds of gd_width (&gt; W: at least half the seeds found none up to width W), as a multiple of N/d.</p>\n<table id=\"gap-map-cells\">\n")
            .Append(Row("th", twoBudgets
                ? ["series", "N", "N/d", "at B", "at 4B", "at B / (N/d)", "at 4B / (N/d)", "budget-limited"]
                : ["series", "N", "N/d", "width", "width / (N/d)"]));
        foreach (var cell in cells)
        {
            string atB = cell.AtBudget.Count > 0 ? WidthOutcome.Median([.. cell.AtBudget.Values]).Display() : "";
            string atBRatio = cell.AtBudget.Count > 0 ? WidthOutcome.Median([.. cell.AtBudget.Values]).Display(cell.NOverD) : "";
            html.Append(Row("td", twoBudgets
                ? [cell.Series, I(cell.SampleCount), N(cell.NOverD), atB, cell.HasFourTimesBudget ? cell.MeasuredMedian.Display() : "",
                    atBRatio, cell.HasFourTimesBudget ? cell.MeasuredMedian.Display(cell.NOverD) : "", cell.BudgetLimited ? "yes" : "no"]
                : [cell.Series, I(cell.SampleCount), N(cell.NOverD), atB, atBRatio]));
        }
        html.Append("</table>\n");

        if (predictors.Count > 0)
        {
            html.Append("<h3>Which geometry predicts the width</h3>\n<p>Spearman's rank correlation, across the cells, of each predictor (mean over the data seeds) ")
                .Append("with the cell's median gd_width / (N/d) (a none at its lower bound). Predictors: the covariance's participation ratio (effective rank), ")
                .Append("the centred data's condition number, the smallest distance between points of different labels, and the smallest eigenvalue of the ")
                .Append("infinite-width ReLU network's neural-tangent Gram matrix (docs/gap-map.md).</p>\n<table id=\"gap-map-predictors\">\n")
                .Append(Row("th", ["predictor", "Spearman rho", "cells", "of which lower bounds"]));
            foreach (var p in predictors)
                html.Append(Row("td", [p.Metric, p.Rho is { } rho ? F(rho) : "n/a", I(p.Cells), I(p.LowerBounds)]));
            html.Append("</table>\n");
        }
        figures.InsertRange(0, GapMap.Figures(cells, exponents, predictors));
    }

    private static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Row(string tag, IEnumerable<string> values) =>
        "<tr>" + string.Concat(values.Select(v => $"<{tag}>{WebUtility.HtmlEncode(v)}</{tag}>")) + "</tr>\n";
}

using ScottPlot;

namespace MemLab.Reporting;

/// <summary>One figure of an <see cref="HtmlReport"/>: its caption and the plot.</summary>
/// <param name="Caption">What the figure shows, one line.</param>
/// <param name="Plot">The figure.</param>
public sealed record ReportFigure(string Caption, Plot Plot);

using ScottPlot;

namespace MemLab.Reporting;

/// <summary>One figure of a sweep (<see cref="ResultFigures.Draw"/>), for an <see cref="HtmlReport"/> or <c>memlab plot</c>: its caption and the plot.</summary>
/// <param name="Caption">What the figure shows, one line.</param>
/// <param name="Plot">The figure.</param>
public sealed record ReportFigure(string Caption, Plot Plot);

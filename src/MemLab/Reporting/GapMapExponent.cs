using MemLab.Analysis;

namespace MemLab.Reporting;

/// <summary>One row of the gap map's exponent table: a series' fitted growth of the GD width with N, beside the constructions'.</summary>
/// <param name="Series">The series' label.</param>
/// <param name="Dimension">d.</param>
/// <param name="Fit">gd_width = c N^a over the series' cells that are not budget-limited (widths at the larger budget, one observation per data seed that found one); null when fewer than two sizes remain.</param>
/// <param name="CellsFitted">Cells that entered the fit.</param>
/// <param name="CellsBudgetLimited">Cells left out as budget-limited.</param>
/// <param name="LowerBoundsLeftOut">Data seeds in the fitted cells whose search found none (lower bounds, not fitted).</param>
/// <param name="LargestN">The largest N of the series.</param>
/// <param name="AtLargestN">The median outcome at the largest N (the measured budget).</param>
/// <param name="ConstructionFits">The same fit of each construction's width over all cells, by name; null where fewer than two sizes have one.</param>
public sealed record GapMapExponent(
    string Series,
    int Dimension,
    PowerLawFit? Fit,
    int CellsFitted,
    int CellsBudgetLimited,
    int LowerBoundsLeftOut,
    int LargestN,
    WidthOutcome AtLargestN,
    IReadOnlyDictionary<string, PowerLawFit?> ConstructionFits);

namespace MemLab.Reporting;

/// <summary>One row of the gap map's predictor table: how well a geometric property ranks the cells by gd_width / (N/d).</summary>
/// <param name="Metric">The predictor's metric name, e.g. <c>ntk_min_eigenvalue</c>.</param>
/// <param name="Rho">Spearman's rho of the predictor (mean over a cell's data seeds) against the cell's median gd_width / (N/d), a none counting as its lower bound; null with fewer than 3 cells or a constant side.</param>
/// <param name="Cells">Cells with both values.</param>
/// <param name="LowerBounds">Of those, cells whose median is a none (their lower bound is used).</param>
public sealed record GapMapPredictor(string Metric, double? Rho, int Cells, int LowerBounds);

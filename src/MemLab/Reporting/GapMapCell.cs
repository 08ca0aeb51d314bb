using MemLab.Analysis;

namespace MemLab.Reporting;

/// <summary>
/// One cell of the gap map: a series (geometry, d, target kind and whatever else the grid varies besides N and the
/// budget) at one N, with what the width searches found on each data seed at budget B and at 4B.
/// </summary>
/// <param name="Series">The series' label, e.g. <c>geometry=moons, d=10</c>.</param>
/// <param name="Geometry">The geometry (or the data spec when the grid names none).</param>
/// <param name="SampleCount">N.</param>
/// <param name="Dimension">d.</param>
/// <param name="AtBudget">Per data seed (repetition), the search's outcome at budget B.</param>
/// <param name="AtFourTimesBudget">Per data seed, the outcome at 4B; empty when the grid has no 4B.</param>
/// <param name="Constructions">Per construction (baum, bubeck, finke), its width per data seed where it was built.</param>
/// <param name="Predictors">Per predictor metric, its mean over the cell's data seeds.</param>
public sealed record GapMapCell(
    string Series,
    string Geometry,
    int SampleCount,
    int Dimension,
    IReadOnlyDictionary<int, WidthOutcome> AtBudget,
    IReadOnlyDictionary<int, WidthOutcome> AtFourTimesBudget,
    IReadOnlyDictionary<string, IReadOnlyDictionary<int, double>> Constructions,
    IReadOnlyDictionary<string, double> Predictors)
{
    /// <summary>N/d, the information-theoretic width scale.</summary>
    public double NOverD => (double)SampleCount / Dimension;

    /// <summary>Whether the grid ran this cell at 4B too.</summary>
    public bool HasFourTimesBudget => AtFourTimesBudget.Count > 0;

    /// <summary>The budget-limited rule (<see cref="BudgetLimit"/>) on the medians over data seeds; false without 4B.</summary>
    public bool BudgetLimited => HasFourTimesBudget && AtBudget.Count > 0
        && BudgetLimit.IsLimited(WidthOutcome.Median([.. AtBudget.Values]), WidthOutcome.Median([.. AtFourTimesBudget.Values]));

    /// <summary>The outcomes the map reports and fits: at 4B when the grid has it (the budget closest to the width itself), else at B.</summary>
    public IReadOnlyDictionary<int, WidthOutcome> Measured => HasFourTimesBudget ? AtFourTimesBudget : AtBudget;

    /// <summary>The median over data seeds of <see cref="Measured"/>.</summary>
    public WidthOutcome MeasuredMedian => WidthOutcome.Median([.. Measured.Values]);
}

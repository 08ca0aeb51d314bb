namespace MemLab.Analysis;

/// <summary>
/// Whether a width measured with a budget of B steps measures the budget rather than the width: the same search with
/// four times the budget finds a width below <see cref="Threshold"/> times it, or B found none and 4B found one.
/// Scaling fits leave such cells out.
/// </summary>
public static class BudgetLimit
{
    /// <summary>The fraction of the width at B below which the width at 4B counts as a real drop (0.8).</summary>
    public const double Threshold = 0.8;

    /// <summary>Whether the cell is budget-limited, given what the search found at budget B and at 4B.</summary>
    public static bool IsLimited(WidthOutcome atBudget, WidthOutcome atFourTimesBudget) =>
        (atBudget.Width, atFourTimesBudget.Width) switch
        {
            (null, not null) => true,
            ({ } b, { } fourB) => fourB < Threshold * b,
            _ => false,
        };
}

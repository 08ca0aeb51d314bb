namespace MemLab.Networks;

/// <summary>
/// How well a network predicts a dataset it may not have been built from (held-out data): for classes the accuracy,
/// the accuracy per class and the confusion counts; for real targets the mean and largest absolute error. Computed in
/// float64 by <see cref="Evaluation.Evaluate"/>. Fields that do not apply are null.
/// </summary>
public sealed record EvaluationReport
{
    /// <summary>N, the number of points evaluated.</summary>
    public required int SampleCount { get; init; }

    /// <summary>Classes: the fraction of points whose predicted class equals the label; null for real targets.</summary>
    public required double? Accuracy { get; init; }

    /// <summary>Classes: the number of points predicted correctly; null for real targets.</summary>
    public required int? CorrectCount { get; init; }

    /// <summary>Classes: points with no unique largest output (counted as wrong, and left out of <see cref="Confusion"/>).</summary>
    public required int TieCount { get; init; }

    /// <summary>Classes: the name of each class, by label (the data's names, then the numbers of classes only the network has); empty for real targets.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Classes: the accuracy on each class's points, by label (null for a class with no points); empty for real targets.</summary>
    public required IReadOnlyList<double?> PerClassAccuracy { get; init; }

    /// <summary>Classes: Confusion[i][j] is the number of points of class i predicted as class j; empty for real targets.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; }

    /// <summary>Real targets: the mean of |f(x) - y|; null for classes.</summary>
    public required double? MeanError { get; init; }

    /// <summary>Real targets: the largest |f(x) - y|; null for classes.</summary>
    public required double? MaxError { get; init; }
}

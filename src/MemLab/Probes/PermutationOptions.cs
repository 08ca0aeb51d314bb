using System.ComponentModel;
using System.Globalization;

namespace MemLab.Probes;

/// <summary>
/// Options for <see cref="PermutationTest"/> (Chaibub Neto 2018). Immutable, with documented defaults; <see cref="CheckedOptions.Validate"/>
/// reports every problem at once. <c>memlab probe permutation</c> offers each property as an option through the options
/// binder, under the names given here (<c>--lr</c>, <c>--workers</c>, the others after their property).
/// </summary>
public sealed record PermutationOptions : ICheckedOptions
{
    /// <summary>The least number of permutations accepted: with B permutations the smallest attainable p-value is 1 / (B + 1).</summary>
    public const int MinimumPermutations = 20;

    /// <summary>The hidden layer whose outputs are the features (1 = the first hidden layer). Default 1.</summary>
    [Description("Hidden layer whose outputs are the features, 1 = the first.")]
    public int Layer { get; init; } = 1;

    /// <summary>B, the number of permuted-label fits forming the null distribution. Default 99 (smallest p-value 0.01). Must be >= 20.</summary>
    [Description("B, permuted-label fits; the smallest p-value is 1/(B+1).")]
    public int Permutations { get; init; } = 99;

    /// <summary>Full-batch Adam steps of each shallow-classifier fit. Default 100. Must be >= 1.</summary>
    [Description("Full-batch Adam steps per shallow-classifier fit.")]
    public int Steps { get; init; } = 100;

    /// <summary>Learning rate of each fit. Default 0.05. Must be finite and &gt; 0.</summary>
    [ParameterName("lr")]
    [Description("Learning rate of each fit.")]
    public double LearningRate { get; init; } = 0.05;

    /// <summary>L2 weight decay of each fit. Default 1e-4. Must be finite and >= 0.</summary>
    [Description("L2 weight decay of each fit.")]
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>
    /// Noise of the shared-structure set as a fraction of the median nearest-neighbour distance of the training points:
    /// each coordinate gets N(0, (Noise * median / sqrt(d))^2), so a perturbation's length is about Noise * median.
    /// Default 0.25. Must be finite and >= 0.
    /// </summary>
    [Description("Shared-structure perturbation length as a fraction of the median nearest-neighbour distance.")]
    public double Noise { get; init; } = 0.25;

    /// <summary>The significance level of the verdicts. Default 0.05. Must be in (0, 1).</summary>
    [Description("Significance level of the verdicts.")]
    public double Alpha { get; init; } = 0.05;

    /// <summary>Fits run at once (they are independent; results do not depend on it). Default 1. Must be >= 1.</summary>
    [ParameterName("workers")]
    [Description("Fits run at once (results do not depend on it).")]
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (Layer < 1) yield return $"The layer must be >= 1 (1 = the first hidden layer); got {Layer}.";
        if (Permutations < MinimumPermutations)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"The permutation count must be >= {MinimumPermutations}; got {Permutations}. With B permutations the smallest p-value the test can give is 1/(B+1) = {1.0 / (Permutations + 1):G3}, too coarse to call anything significant; use 99 (p down to 0.01) or 199.");
        if (Steps < 1) yield return $"The fit's step count must be >= 1; got {Steps}.";
        if (!(double.IsFinite(LearningRate) && LearningRate > 0)) yield return $"The fit's learning rate must be a finite number > 0; got {Text(LearningRate)}.";
        if (!(double.IsFinite(WeightDecay) && WeightDecay >= 0)) yield return $"The fit's weight decay must be a finite number >= 0; got {Text(WeightDecay)}.";
        if (!(double.IsFinite(Noise) && Noise >= 0)) yield return $"The shared-structure noise must be a finite fraction >= 0; got {Text(Noise)}. Try 0.25.";
        if (!(Alpha > 0 && Alpha < 1)) yield return $"The significance level must be in (0, 1); got {Text(Alpha)}. Try 0.05.";
        if (MaxDegreeOfParallelism < 1) yield return $"The parallelism must be >= 1; got {MaxDegreeOfParallelism}.";
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}

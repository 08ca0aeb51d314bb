namespace MemLab.Probes;

/// <summary>The permutation test's outcome on one evaluation set (held-out or shared-structure).</summary>
/// <param name="Set">Which set: "held_out" or "shared_structure".</param>
/// <param name="SampleCount">Points in the set.</param>
/// <param name="Chance">The chance level: the largest class frequency among the set's labels.</param>
/// <param name="TrueScore">Accuracy on the set of the classifier fitted with the true labels.</param>
/// <param name="Null">Accuracy of each permuted-label fit, in permutation order.</param>
/// <param name="NullMean">The mean of <paramref name="Null"/>.</param>
/// <param name="NullPercentile95">The 95th percentile of <paramref name="Null"/> (linear interpolation).</param>
/// <param name="NullPercentile5">The 5th percentile of <paramref name="Null"/>, which decides whether the null is above chance.</param>
/// <param name="PValue">(1 + #null &gt;= true score) / (B + 1).</param>
/// <param name="Verdict">The conclusion at the test's alpha (<see cref="ProbeVerdict"/>).</param>
public sealed record ProbeSetResult(string Set, int SampleCount, double Chance, double TrueScore, IReadOnlyList<double> Null,
    double NullMean, double NullPercentile95, double NullPercentile5, double PValue, ProbeVerdict Verdict);

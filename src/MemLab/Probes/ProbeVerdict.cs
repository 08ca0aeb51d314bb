namespace MemLab.Probes;

/// <summary>
/// What a permutation test (Chaibub Neto 2018) concludes on one evaluation set, at significance level alpha. "Above the
/// null": p = (1 + #null scores >= true score) / (B + 1) &lt; alpha. "Null above chance": the null's 5th percentile exceeds
/// the chance level (the majority-class rate), so classifiers fitted to permuted labels still predict those labels on
/// the set: the features let arbitrary labels of the training points carry over to the set's points.
/// </summary>
public enum ProbeVerdict
{
    /// <summary>The true-label score is above the null and the null is at chance: the features carry label structure that transfers.</summary>
    Learning,

    /// <summary>The true-label score is not above the null: on this set the true labels do no better than permuted ones, so what the network fitted does not carry beyond its training points.</summary>
    Memorization,

    /// <summary>The true-label score is above the null, and the null is above chance too: real structure, plus enough capacity to carry arbitrary labels to nearby points.</summary>
    Both,
}

namespace MemLab.Constructions;

/// <summary>
/// How <see cref="FinkeConstruction"/> chooses its second-layer neurons among the candidates (one per point of
/// X-): a set-cover problem (docs/algorithms.md section 1, step 3).
/// </summary>
public enum Cover
{
    /// <summary>
    /// Greedy set cover: repeatedly add the neuron that covers the most still-uncovered points (ties go to the
    /// smallest index), the classic ln N approximation. Scoring every candidate costs O(|X-|^2 n / 64) word
    /// operations per class, so a class of more than 8,192 points gets a stochastic greedy instead: at each step a few
    /// newly drawn candidates are scored exactly and, with the best earlier ones, counted on a random sample of 4,096
    /// uncovered points; the one covering the most is kept.
    /// </summary>
    Greedy,
    /// <summary>
    /// The authors' randomized sequential cover: repeatedly pick a uniformly random uncovered point; if its m &gt; 0
    /// keep its neuron and remove every point it covers, otherwise mark it and go on.
    /// </summary>
    Random,
    /// <summary>No pruning: one neuron for every point with m &gt; 0 (the unpruned network).</summary>
    None,
}

namespace MemLab.Constructions;

/// <summary>
/// How <see cref="FinkeConstruction"/> chooses its second-layer neurons among the candidates (one per point of
/// X-): a set-cover problem (ALGORITHMS.md section 1, step 3).
/// </summary>
public enum Cover
{
    /// <summary>
    /// Greedy set cover: repeatedly add the neuron that covers the most still-uncovered points (ties go to the
    /// smallest index), the classic ln N approximation. Scoring every candidate costs O(|X-|^2 n / 64) word
    /// operations per class, so a class of more than 8,192 points is covered in rounds of this greedy on random samples
    /// of 4,096 still-uncovered points, each round's neurons covering what they fire on among all points.
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

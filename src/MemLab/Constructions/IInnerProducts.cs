namespace MemLab.Constructions;

/// <summary>
/// The inner products &lt;U(x_c), Phi(x_t)&gt; of <see cref="FinkeConstruction"/> (docs/algorithms.md section 1, step 2),
/// where U(x) marks the first-layer units that are off at x, evaluated in blocks of candidates c against lists of
/// targets t. Results are exact functions of their arguments: the same call gives the same values for any
/// thread count.
/// </summary>
internal interface IInnerProducts
{
    /// <summary>N, the number of points.</summary>
    int Count { get; }

    /// <summary>How many first-layer units are on at point <paramref name="index"/>.</summary>
    int OnCount(int index);

    /// <summary>min[i] = min over t in <paramref name="targets"/> of &lt;U(x_candidates[i]), Phi(x_t)&gt; (m of the candidate).</summary>
    void Min(int[] candidates, int[] targets, double[] min);

    /// <summary>
    /// below[i * targets.Length + j] = &lt;U(x_candidates[i]), Phi(x_targets[j])&gt; &lt; thresholds[i]: whether the
    /// candidate's neuron fires on (covers) the target.
    /// </summary>
    void Below(int[] candidates, double[] thresholds, int[] targets, bool[] below);

    /// <summary>
    /// counts[i] = the number of t in <paramref name="targets"/> with &lt;U(x_candidates[i]), Phi(x_t)&gt; &lt;
    /// thresholds[i]: how many targets the candidate's neuron covers (<see cref="Below"/>, counted).
    /// </summary>
    void CountBelow(int[] candidates, double[] thresholds, int[] targets, int[] counts);
}

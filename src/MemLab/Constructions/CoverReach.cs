namespace MemLab.Constructions;

/// <summary>
/// How far a second-layer neuron of <see cref="FinkeConstruction"/> reaches. The neuron of x- is silent on every point
/// of the other classes, whose inner products &lt;U(x-), Phi(x+)&gt; are all at least m(x-); it fires, and so covers a
/// point x of its own class, while &lt;U(x-), Phi(x)&gt; is below a threshold t(m).
/// </summary>
public enum CoverReach
{
    /// <summary>
    /// t = m - 1/2: fire on every inner product below m. Threshold first layers only (inner products are integers, so
    /// the other classes stay at distance at least 1/2). Covers the most points per neuron; this reproduces the pruned
    /// widths Dirksen, Finke and Genzel report (about 6 on two moons with n = 200, lambda = 0.5).
    /// </summary>
    Full,
    /// <summary>
    /// t = m/2, as the paper's slides and docs/algorithms.md section 1 write it: a margin of m/2 towards the other classes,
    /// at the price of about twice as many neurons (13 instead of 6 on moons, n = 200, lambda = 0.5). The only reach for
    /// ReLU first layers, whose inner products are real numbers.
    /// </summary>
    Half,
}

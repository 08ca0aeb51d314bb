namespace MemLab.Constructions;

/// <summary>
/// How nearly orthogonal the points' codes are after one stage of <see cref="VershyninConstruction"/>: the largest
/// and the mean |&lt;c_i, c_j&gt;| / (|c_i| |c_j|) over pairs of distinct points, with c the centred code (the unit
/// inputs themselves, uncentred, for the "input" stage).
/// </summary>
/// <param name="Stage">"input", "enrichment I", "enrichment II", or "re-enrichment (layer k)".</param>
/// <param name="Layer">The hidden layer (1-based) whose output is the code; 0 for the input.</param>
/// <param name="Width">The code's number of units.</param>
/// <param name="MaxCosine">The largest |cosine| over the pairs measured.</param>
/// <param name="MeanCosine">The mean |cosine| over the pairs measured.</param>
/// <param name="Points">How many points the pairs were taken among: all N, or a seeded sample of
/// <see cref="VershyninConstruction.OrthogonalitySample"/> when N is larger.</param>
public sealed record CodeOrthogonality(string Stage, int Layer, int Width, double MaxCosine, double MeanCosine, int Points);

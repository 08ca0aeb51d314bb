namespace MemLab.Networks;

/// <summary>
/// The smallest relative margin of a threshold decision and where it occurred (docs/algorithms.md section 0,
/// "Verification"): |pre-activation| / scale, where scale = sum_k |w_k a_k| + |b| is the size of the terms
/// that were added. The ratio says how many relative rounding errors separate the unit from flipping:
/// near 1e-16 the float64 result is at the mercy of rounding, near 1e-7 float32 evaluation may flip it.
/// </summary>
/// <param name="Value">The margin, in [0, 1]: 0 when the pre-activation is exactly 0 (H(0) = 0 sits on the boundary).</param>
/// <param name="Layer">The layer index in <see cref="Network.Layers"/>.</param>
/// <param name="Unit">The unit (row of the layer's weights).</param>
/// <param name="Sample">The index of the data point.</param>
public sealed record ThresholdMargin(double Value, int Layer, int Unit, int Sample);

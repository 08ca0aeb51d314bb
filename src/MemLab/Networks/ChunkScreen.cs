namespace MemLab.Networks;

/// <summary>What <see cref="ThresholdCodes.Screen"/> found in one chunk of rows of a threshold layer.</summary>
/// <param name="Exact">Every bit was decided; false when some pre-activation needs the chunk's float64 GEMM (its bits are then incomplete).</param>
/// <param name="Rechecked">Pre-activations decided by a float64 dot product.</param>
/// <param name="LowestMargin">With margin bounds: a lower bound on the float64 path's margin at every rechecked pre-activation (+infinity when none was).</param>
/// <param name="LowestUpper">With margin bounds: the smallest upper bound on the float64 path's margin at a rechecked pre-activation (+infinity when none was).</param>
/// <param name="Floor">With margin bounds: every pre-activation of an exact chunk that was not rechecked has a float64 threshold margin above this.</param>
internal readonly record struct ChunkScreen(bool Exact, long Rechecked, double LowestMargin, double LowestUpper, double Floor);

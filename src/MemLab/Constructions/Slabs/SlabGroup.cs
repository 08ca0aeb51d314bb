namespace MemLab.Constructions.Slabs;

/// <summary>
/// One group of points and its hyperplane w.z = b in working coordinates (|w| = 1), with the numbers the slab
/// constructions need: eps (half the distance from the hyperplane to the nearest point that must stay outside the
/// slab), the float64 error bound it is compared with, and, for Bubeck et al., the affine maps v_k.z + c_k that
/// reproduce the group's targets (v_k orthogonal to w).
/// </summary>
/// <param name="Members">The group's data points (at most r; fewer after a split, padded with virtual points).</param>
/// <param name="Normal">w, the unit normal (r values).</param>
/// <param name="Offset">b: w.z = b on the group.</param>
/// <param name="Eps">Half the smallest |w.z_i - b| over the points that must stay outside the slab.</param>
/// <param name="Nearest">The point at that distance, or -1 when no point must stay outside.</param>
/// <param name="Rounding">A bound on the float64 error of w.x - b at the raw inputs, plus the fit's residual on the group.</param>
/// <param name="Fits">v_k, K rows of r values (empty without targets).</param>
/// <param name="FitOffsets">c_k, K values.</param>
/// <param name="LargestFit">max over every data point and output of |v_k.z_i + c_k|.</param>
internal sealed record SlabGroup(int[] Members, double[] Normal, double Offset, double Eps, int Nearest, double Rounding,
    double[] Fits, double[] FitOffsets, double LargestFit)
{
    /// <summary>eps divided by the rounding bound: how many rounding errors separate a decision from flipping.</summary>
    public double SafetyRatio => Eps / Rounding;
}

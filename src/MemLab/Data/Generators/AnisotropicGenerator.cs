using System.Globalization;
using MemLab.Randomness;

namespace MemLab.Data.Generators;

/// <summary>
/// Anisotropic Gaussian data (spec source <c>anisotropic</c>): x = Q diag(s) g with g ~ N(0, I_d), Q a
/// random orthogonal matrix and s log-spaced from 1 down to 1/cond, so the covariance Q diag(s^2) Q^T
/// has condition number cond^2. Labels are uniformly random binary. Used to study how memorization by
/// gradient descent changes when the data is not isotropic (docs/algorithms.md section 6).
/// </summary>
public static class AnisotropicGenerator
{
    /// <summary>
    /// <paramref name="sampleCount"/> points x = Q diag(s) g in R^<paramref name="dimension"/>, where
    /// s_j = cond^(-j/(d-1)) for j = 0 .. d-1 (s = 1 when d = 1), Q is Gram-Schmidt of a Gaussian d x d
    /// matrix in float64, and g ~ N(0, I). Labels are 0 or 1 with probability 1/2 each; class names "0" and "1".
    /// </summary>
    /// <param name="sampleCount">N (spec key <c>n</c>), at least 1.</param>
    /// <param name="dimension">d (spec key <c>d</c>), at least 1.</param>
    /// <param name="conditionNumber">cond (spec key <c>cond</c>): ratio of the largest to the smallest scale, finite and at least 1.</param>
    /// <param name="seed">Seeds Q, the points and the labels through child seeds.</param>
    /// <exception cref="MemLabException">An argument is out of range.</exception>
    public static Dataset Generate(int sampleCount, int dimension, double conditionNumber, Seed seed)
    {
        SyntheticDataset.RequireShape("anisotropic", sampleCount, dimension);
        SyntheticDataset.Require(double.IsFinite(conditionNumber) && conditionNumber >= 1, "anisotropic", "cond", conditionNumber, "a finite number >= 1");

        int d = dimension;
        var scales = new double[d];
        double logCond = PortableMath.Log(conditionNumber);
        for (int j = 0; j < d; j++)
            scales[j] = d == 1 ? 1 : PortableMath.Exp(-logCond * j / (d - 1));
        double[] q = RandomBasis.Orthonormal(d, d, seed.Derive("rotation").CreateRng());

        // x = sum_j s_j g_j q_j, with q_j (row j of q) the j-th column of Q.
        float[] features = RandomBasis.GaussianPoints(sampleCount, d, d, q, scales, seed.Derive("points").CreateRng());
        return SyntheticDataset.Create(features, d, SyntheticDataset.BinaryLabels(sampleCount, seed), 2,
            string.Create(CultureInfo.InvariantCulture, $"anisotropic:n={sampleCount},d={d},cond={conditionNumber:R},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"anisotropic: {sampleCount} points in R^{d}, Gaussian with scales log-spaced from 1 to 1/{conditionNumber:R} along random orthogonal axes (covariance condition number {conditionNumber * conditionNumber:R}), uniformly random binary labels, seed {seed}"));
    }
}

using System.Globalization;

namespace MemLab.Data.Generators;

/// <summary>
/// Data on a random low-dimensional subspace (spec source <c>subspace</c>): x = U z with U a random
/// d x r matrix with orthonormal columns and z ~ N(0, I_r), so the data has rank r although it lives in
/// R^d. Labels are uniformly random binary.
/// </summary>
public static class SubspaceGenerator
{
    /// <summary>
    /// <paramref name="sampleCount"/> points x = U z in R^<paramref name="dimension"/> spanning a random
    /// <paramref name="rank"/>-dimensional subspace (U from Gram-Schmidt of a Gaussian matrix, float64).
    /// Labels are 0 or 1 with probability 1/2 each; class names "0" and "1".
    /// </summary>
    /// <param name="sampleCount">N (spec key <c>n</c>), at least 1.</param>
    /// <param name="dimension">d (spec key <c>d</c>), at least 1.</param>
    /// <param name="rank">r (spec key <c>r</c>), the subspace dimension, in [1, d].</param>
    /// <param name="seed">Seeds U, the points and the labels through child seeds.</param>
    /// <exception cref="MemLabException">An argument is out of range, including r &gt; d.</exception>
    public static Dataset Generate(int sampleCount, int dimension, int rank, Seed seed)
    {
        SyntheticDataset.RequireShape("subspace", sampleCount, dimension);
        SyntheticDataset.Require(rank >= 1 && rank <= dimension, "subspace", "r", rank,
            string.Create(CultureInfo.InvariantCulture, $"in [1, d] = [1, {dimension}]"));

        int d = dimension;
        double[] u = RandomBasis.Orthonormal(d, rank, seed.Derive("basis").CreateRng());
        float[] features = RandomBasis.GaussianPoints(sampleCount, d, rank, u, null, seed.Derive("points").CreateRng());
        return SyntheticDataset.Create(features, d, SyntheticDataset.BinaryLabels(sampleCount, seed), 2,
            string.Create(CultureInfo.InvariantCulture, $"subspace:n={sampleCount},d={d},r={rank},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"subspace: {sampleCount} points in R^{d} on a random {rank}-dimensional subspace, N(0, I_{rank}) coordinates in it, uniformly random binary labels, seed {seed}"));
    }
}

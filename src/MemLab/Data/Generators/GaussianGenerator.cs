using System.Globalization;

namespace MemLab.Data.Generators;

/// <summary>
/// Isotropic Gaussian data (spec source <c>gaussian</c>): N points with i.i.d. N(0, 1) coordinates and
/// uniformly random binary labels, so any structure a network finds is memorized, not learned.
/// </summary>
public static class GaussianGenerator
{
    /// <summary>
    /// <paramref name="sampleCount"/> points in R^<paramref name="dimension"/> with i.i.d. N(0, 1) coordinates;
    /// labels are 0 or 1, each with probability 1/2, independent of the points. Class names "0" and "1".
    /// </summary>
    /// <param name="sampleCount">N (spec key <c>n</c>), at least 1.</param>
    /// <param name="dimension">d (spec key <c>d</c>), at least 1.</param>
    /// <param name="seed">Seeds the points and, through a child seed, the labels.</param>
    /// <exception cref="MemLabException">n or d is below 1, or n * d is too large for one array.</exception>
    public static Dataset Generate(int sampleCount, int dimension, Seed seed)
    {
        SyntheticDataset.RequireShape("gaussian", sampleCount, dimension);
        var features = new float[sampleCount * dimension];
        seed.Derive("points").CreateRng().FillGaussian(features);
        return SyntheticDataset.Create(features, dimension, SyntheticDataset.BinaryLabels(sampleCount, seed), 2,
            string.Create(CultureInfo.InvariantCulture, $"gaussian:n={sampleCount},d={dimension},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"gaussian: {sampleCount} points in R^{dimension} with i.i.d. N(0, 1) coordinates, uniformly random binary labels, seed {seed}"));
    }
}

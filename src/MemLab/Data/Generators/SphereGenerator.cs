using System.Globalization;

namespace MemLab.Data.Generators;

/// <summary>
/// Separated points on the unit sphere (spec source <c>sphere</c>): uniform directions in R^d, kept only
/// when at least a given distance from every point already placed, so the minimum pairwise distance
/// (the delta in the memorization bounds of docs/algorithms.md) is controlled. Labels are uniformly random binary.
/// </summary>
public static class SphereGenerator
{
    /// <summary>How many random draws in a row may fall too close to the placed points before generation gives up.</summary>
    public const int MaxConsecutiveRejections = 10_000;

    /// <summary>
    /// <paramref name="sampleCount"/> points on the unit sphere in R^<paramref name="dimension"/> (normalized Gaussian
    /// vectors, rounded to float32) with every pairwise Euclidean distance, computed in float64 from the stored float32
    /// coordinates, at least <paramref name="separation"/>. Rejection sampling: a draw too close to a placed point is
    /// discarded, and after <see cref="MaxConsecutiveRejections"/> discarded draws in a row generation stops with an
    /// error. Labels are 0 or 1 with probability 1/2 each; class names "0" and "1".
    /// </summary>
    /// <param name="sampleCount">N (spec key <c>n</c>), at least 1.</param>
    /// <param name="dimension">d (spec key <c>d</c>), at least 1.</param>
    /// <param name="separation">Minimum pairwise distance (spec key <c>separation</c>), in [0, 2].</param>
    /// <param name="seed">Seeds the points and the labels through child seeds.</param>
    /// <exception cref="MemLabException">An argument is out of range, or n points with this separation could not be placed.</exception>
    public static Dataset Generate(int sampleCount, int dimension, double separation, Seed seed)
    {
        SyntheticDataset.RequireShape("sphere", sampleCount, dimension);
        SyntheticDataset.Require(separation >= 0 && separation <= 2, "sphere", "separation", separation, "in [0, 2]");

        int d = dimension;
        double minSquared = separation * separation;
        Rng rng = seed.Derive("points").CreateRng();
        var features = new float[sampleCount * d];
        var direction = new double[d];
        var point = new float[d];
        int placed = 0;
        int rejections = 0;
        while (placed < sampleCount)
        {
            rng.FillGaussian(direction);
            double norm = 0;
            for (int l = 0; l < d; l++) norm += direction[l] * direction[l];
            norm = Math.Sqrt(norm);
            for (int l = 0; l < d; l++) point[l] = (float)(direction[l] / norm);
            if (IsFarFromAll(features, placed, point, minSquared))
            {
                point.CopyTo(features, placed * d);
                placed++;
                rejections = 0;
            }
            else if (++rejections == MaxConsecutiveRejections)
            {
                throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                    $"sphere: placed only {placed} of n = {sampleCount} points on the unit sphere in R^{d} with pairwise distance >= {separation}; {MaxConsecutiveRejections} random draws in a row fell too close. Use a smaller separation, a larger d, or n <= {placed}."));
            }
        }
        return SyntheticDataset.Create(features, d, SyntheticDataset.BinaryLabels(sampleCount, seed), 2,
            string.Create(CultureInfo.InvariantCulture, $"sphere:n={sampleCount},d={d},separation={separation:R},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"sphere: {sampleCount} points on the unit sphere in R^{d} with pairwise distance >= {separation:R}, uniformly random binary labels, seed {seed}"));
    }

    private static bool IsFarFromAll(float[] features, int placed, float[] point, double minSquared)
    {
        int d = point.Length;
        for (int i = 0; i < placed; i++)
        {
            double squared = 0;
            for (int l = 0; l < d; l++)
            {
                double diff = (double)features[i * d + l] - point[l];
                squared += diff * diff;
            }
            if (squared < minSquared) return false;
        }
        return true;
    }
}

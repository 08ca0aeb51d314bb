using System.Globalization;

namespace MemLab.Data.Generators;

/// <summary>
/// A Gaussian mixture (spec source <c>mixture</c>): k centres drawn from N(0, I_d), each point a centre
/// plus spread times N(0, I_d) noise, labelled by its cluster. Clustered data on which a network can
/// learn rather than memorize when the spread is small.
/// </summary>
public static class MixtureGenerator
{
    /// <summary>
    /// <paramref name="sampleCount"/> points in R^<paramref name="dimension"/> from <paramref name="clusterCount"/>
    /// clusters; point i is centre[y_i] + spread * g_i with g_i ~ N(0, I) and label y_i its cluster. Cluster sizes
    /// are as equal as possible (the first N mod k clusters have one point more), and the points come in random order.
    /// Class names "0" .. k-1.
    /// </summary>
    /// <param name="sampleCount">N (spec key <c>n</c>), at least 1.</param>
    /// <param name="dimension">d (spec key <c>d</c>), at least 1.</param>
    /// <param name="clusterCount">k (spec key <c>k</c>), in [1, N].</param>
    /// <param name="spread">The noise standard deviation around each centre (spec key <c>spread</c>), finite and &gt;= 0.</param>
    /// <param name="seed">Seeds the centres, the order and the noise through child seeds.</param>
    /// <exception cref="MemLabException">An argument is out of range, including k &gt; n.</exception>
    public static Dataset Generate(int sampleCount, int dimension, int clusterCount, double spread, Seed seed)
    {
        SyntheticDataset.RequireShape("mixture", sampleCount, dimension);
        SyntheticDataset.Require(clusterCount >= 1 && clusterCount <= sampleCount, "mixture", "k", clusterCount,
            string.Create(CultureInfo.InvariantCulture, $"in [1, n] = [1, {sampleCount}] so that every cluster has a point"));
        SyntheticDataset.Require(double.IsFinite(spread) && spread >= 0, "mixture", "spread", spread, "a finite number >= 0");

        int d = dimension;
        var centres = new double[clusterCount * d];
        seed.Derive("centres").CreateRng().FillGaussian(centres);

        var labels = new int[sampleCount];
        for (int i = 0; i < sampleCount; i++) labels[i] = i % clusterCount;
        seed.Derive("order").CreateRng().Shuffle<int>(labels);

        Rng rng = seed.Derive("points").CreateRng();
        var features = new float[sampleCount * d];
        for (int i = 0; i < sampleCount; i++)
            for (int l = 0; l < d; l++)
                features[i * d + l] = (float)(centres[labels[i] * d + l] + spread * rng.NextGaussian());

        return SyntheticDataset.Create(features, d, labels, clusterCount,
            string.Create(CultureInfo.InvariantCulture, $"mixture:n={sampleCount},d={d},k={clusterCount},spread={spread:R},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"mixture: {sampleCount} points in R^{d} from {clusterCount} Gaussian clusters (centres ~ N(0, I), spread {spread:R}), labelled by cluster, seed {seed}"));
    }
}

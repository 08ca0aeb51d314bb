using MemLab.Randomness;
using System.Globalization;

namespace MemLab.Data.Generators;

/// <summary>
/// Two interleaving half circles in R^2 (spec source <c>moons</c>), the construction of scikit-learn's
/// <c>make_moons</c>: a low-dimensional, non-linearly separable benchmark. With d &gt; 2 (spec key <c>d</c>) the plane
/// is embedded in R^d by a random rotation, so the points keep their pairwise distances but no longer lie along
/// coordinate axes (the "two moons embedded in d" geometry of docs/algorithms.md section 6).
/// </summary>
public static class MoonsGenerator
{
    /// <summary>
    /// n_out = N / 2 (integer division) points (cos t, sin t) with t = linspace(0, pi, n_out), both ends included,
    /// labelled 0; n_in = N - n_out points (1 - cos t, 1 - sin t - 0.5) with t = linspace(0, pi, n_in), labelled 1;
    /// then N(0, noise^2) added to every coordinate and the points shuffled. Class names "0" and "1".
    /// </summary>
    /// <param name="sampleCount">N (spec key <c>n</c>), at least 1.</param>
    /// <param name="noise">Standard deviation of the Gaussian noise (spec key <c>noise</c>), finite and &gt;= 0.</param>
    /// <param name="seed">Seeds the noise, the order and the rotation through child seeds.</param>
    /// <param name="dimension">d (spec key <c>d</c>), at least 2: 2 keeps the plane; more maps (x1, x2) to
    /// x1 q1 + x2 q2 for two random orthonormal vectors q1, q2 of R^d (seed "rotation"), the first two columns of a
    /// Haar-random rotation applied to the points padded with zeros.</param>
    /// <exception cref="MemLabException">An argument is out of range.</exception>
    public static Dataset Generate(int sampleCount, double noise, Seed seed, int dimension = 2)
    {
        SyntheticDataset.RequireShape("moons", sampleCount, dimension);
        SyntheticDataset.Require(dimension >= 2, "moons", "d", dimension, "at least 2 (the moons are planar)");
        SyntheticDataset.Require(double.IsFinite(noise) && noise >= 0, "moons", "noise", noise, "a finite number >= 0");

        int outer = sampleCount / 2;
        int inner = sampleCount - outer;
        var points = new double[2 * sampleCount];
        var labels = new int[sampleCount];
        for (int i = 0; i < outer; i++)
        {
            double t = Linspace(Math.PI, outer, i);
            points[2 * i] = PortableMath.Cos(t);
            points[2 * i + 1] = PortableMath.Sin(t);
        }
        for (int i = 0; i < inner; i++)
        {
            double t = Linspace(Math.PI, inner, i);
            int row = outer + i;
            points[2 * row] = 1 - PortableMath.Cos(t);
            points[2 * row + 1] = 1 - PortableMath.Sin(t) - 0.5;
            labels[row] = 1;
        }
        var plane = SyntheticDataset.NoisyShuffledCurves(points, labels, noise, seed,
            string.Create(CultureInfo.InvariantCulture, $"moons:n={sampleCount},noise={noise:R},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"moons: {sampleCount} points in R^2 on two interleaving half circles ({outer} upper labelled 0, {inner} lower labelled 1), noise {noise:R}, seed {seed}"));
        return dimension == 2 ? plane : Rotate(plane, dimension, seed);
    }

    /// <summary>The planar points (already float32) mapped into R^d by two random orthonormal vectors, computed in float64 and rounded to float32 once more.</summary>
    private static Dataset Rotate(Dataset plane, int dimension, Seed seed)
    {
        double[] frame = RandomBasis.Orthonormal(dimension, 2, seed.Derive("rotation").CreateRng());
        int n = plane.SampleCount;
        var features = new float[n * dimension];
        for (int i = 0; i < n; i++)
        {
            double x1 = plane.Features[2 * i], x2 = plane.Features[2 * i + 1];
            for (int l = 0; l < dimension; l++)
                features[i * dimension + l] = (float)(x1 * frame[l] + x2 * frame[dimension + l]);
        }
        return SyntheticDataset.Create(features, dimension, plane.Labels.ToArray(), 2,
            plane.Provenance.Spec + string.Create(CultureInfo.InvariantCulture, $",d={dimension}"),
            plane.Provenance.Description + string.Create(CultureInfo.InvariantCulture, $", embedded in R^{dimension} by a random rotation"));
    }

    /// <summary>numpy's linspace(0, stop, count)[index] with both ends included (0 when count is 1).</summary>
    private static double Linspace(double stop, int count, int index) =>
        count == 1 ? 0 : stop * index / (count - 1);
}

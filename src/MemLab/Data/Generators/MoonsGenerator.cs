using MemLab.Randomness;
using System.Globalization;

namespace MemLab.Data.Generators;

/// <summary>
/// Two interleaving half circles in R^2 (spec source <c>moons</c>), the construction of scikit-learn's
/// <c>make_moons</c>: a low-dimensional, non-linearly separable benchmark.
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
    /// <param name="seed">Seeds the noise and the order through child seeds.</param>
    /// <exception cref="MemLabException">An argument is out of range.</exception>
    public static Dataset Generate(int sampleCount, double noise, Seed seed)
    {
        SyntheticDataset.RequireShape("moons", sampleCount, 2);
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
        return SyntheticDataset.NoisyShuffledCurves(points, labels, noise, seed,
            string.Create(CultureInfo.InvariantCulture, $"moons:n={sampleCount},noise={noise:R},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"moons: {sampleCount} points in R^2 on two interleaving half circles ({outer} upper labelled 0, {inner} lower labelled 1), noise {noise:R}, seed {seed}"));
    }

    /// <summary>numpy's linspace(0, stop, count)[index] with both ends included (0 when count is 1).</summary>
    private static double Linspace(double stop, int count, int index) =>
        count == 1 ? 0 : stop * index / (count - 1);
}

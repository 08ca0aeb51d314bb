using MemLab.Randomness;
using System.Globalization;

namespace MemLab.Data.Generators;

/// <summary>
/// Two concentric circles in R^2 (spec source <c>circles</c>), the construction of scikit-learn's
/// <c>make_circles</c>: the inner class is enclosed by the outer one, so no hyperplane separates them.
/// </summary>
public static class CirclesGenerator
{
    /// <summary>
    /// n_out = N / 2 (integer division) points (cos t, sin t) with t = 2 pi i / n_out, i = 0 .. n_out-1 (the endpoint
    /// 2 pi excluded), labelled 0; n_in = N - n_out points factor * (cos t, sin t) with t = 2 pi i / n_in, labelled 1;
    /// then N(0, noise^2) added to every coordinate and the points shuffled. Class names "0" and "1".
    /// </summary>
    /// <param name="sampleCount">N (spec key <c>n</c>), at least 1.</param>
    /// <param name="noise">Standard deviation of the Gaussian noise (spec key <c>noise</c>), finite and &gt;= 0.</param>
    /// <param name="factor">Radius of the inner circle relative to the outer (spec key <c>factor</c>), in (0, 1).</param>
    /// <param name="seed">Seeds the noise and the order through child seeds.</param>
    /// <exception cref="MemLabException">An argument is out of range.</exception>
    public static Dataset Generate(int sampleCount, double noise, double factor, Seed seed)
    {
        SyntheticDataset.RequireShape("circles", sampleCount, 2);
        SyntheticDataset.Require(double.IsFinite(noise) && noise >= 0, "circles", "noise", noise, "a finite number >= 0");
        SyntheticDataset.Require(factor > 0 && factor < 1, "circles", "factor", factor, "in (0, 1)");

        int outer = sampleCount / 2;
        int inner = sampleCount - outer;
        var points = new double[2 * sampleCount];
        var labels = new int[sampleCount];
        for (int i = 0; i < outer; i++)
        {
            double t = 2 * Math.PI * i / outer;
            points[2 * i] = PortableMath.Cos(t);
            points[2 * i + 1] = PortableMath.Sin(t);
        }
        for (int i = 0; i < inner; i++)
        {
            double t = 2 * Math.PI * i / inner;
            int row = outer + i;
            points[2 * row] = factor * PortableMath.Cos(t);
            points[2 * row + 1] = factor * PortableMath.Sin(t);
            labels[row] = 1;
        }
        return SyntheticDataset.NoisyShuffledCurves(points, labels, noise, seed,
            string.Create(CultureInfo.InvariantCulture, $"circles:n={sampleCount},noise={noise:R},factor={factor:R},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"circles: {sampleCount} points in R^2 on two concentric circles ({outer} on radius 1 labelled 0, {inner} on radius {factor:R} labelled 1), noise {noise:R}, seed {seed}"));
    }
}

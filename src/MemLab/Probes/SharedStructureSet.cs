using MemLab.LinearAlgebra;

namespace MemLab.Probes;

/// <summary>
/// The shared-structure validation set of Chaibub Neto (2018), "Detecting learning vs memorization in deep neural
/// networks using shared structure validation sets": points that share structure with the training set without being
/// in it. memlab's construction: point j is training point j plus Gaussian noise, each coordinate N(0, s^2) with
/// s = noise * m / sqrt(d), where m is the median distance from a training point to its nearest other training point
/// (over up to <see cref="MedianQueries"/> points drawn by the seed), so a perturbation is about noise * m long: smaller
/// than the gaps between training points. Point j keeps the label its source carries in each fit (true or permuted).
/// </summary>
public static class SharedStructureSet
{
    /// <summary>The most training points whose nearest-neighbour distance enters the median.</summary>
    public const int MedianQueries = 1000;

    private const int BlockRows = 128;

    /// <summary>The perturbed copy of <paramref name="train"/> (same labels, one point per training point) and the per-coordinate noise scale s.</summary>
    /// <exception cref="MemLabException">(InvalidData) the training set has fewer than two distinct points, so no nearest-neighbour distance exists.</exception>
    public static (Dataset Set, double NoiseScale) Build(Dataset train, double noise, Seed seed, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(blas);
        int d = train.FeatureCount;
        double median = MedianNearestDistance(train, seed.Derive("median"), blas);
        double scale = noise * median / Math.Sqrt(d);
        var features = train.Features.ToArray();
        var perturbation = new float[features.Length];
        seed.Derive("noise").CreateRng().FillGaussian(perturbation, 0, scale);
        for (int i = 0; i < features.Length; i++) features[i] += perturbation[i];
        var provenance = DatasetProvenance.InMemory($"shared-structure set: {train.Provenance.Spec} plus N(0, {scale:G4}^2) noise per coordinate");
        return (Dataset.Classification(features, d, train.Labels.ToArray(), train.ClassNames, provenance), scale);
    }

    /// <summary>The median over sampled training points of the distance to the nearest other training point (float64, by DGEMM in blocks).</summary>
    private static double MedianNearestDistance(Dataset train, Seed seed, IBlas blas)
    {
        int n = train.SampleCount, d = train.FeatureCount;
        int[] queries = n <= MedianQueries ? Enumerable.Range(0, n).ToArray() : seed.CreateRng().SampleWithoutReplacement(n, MedianQueries);
        var points = new double[train.Features.Length];
        for (int i = 0; i < points.Length; i++) points[i] = train.Features[i];
        var norms = new double[n];
        for (int j = 0; j < n; j++)
            for (int k = 0; k < d; k++) norms[j] += points[j * d + k] * points[j * d + k];
        var block = new double[BlockRows * d];
        var dots = new double[BlockRows * n];
        var nearest = new double[queries.Length];
        for (int start = 0; start < queries.Length; start += BlockRows)
        {
            int rows = Math.Min(BlockRows, queries.Length - start);
            for (int r = 0; r < rows; r++) points.AsSpan(queries[start + r] * d, d).CopyTo(block.AsSpan(r * d, d));
            blas.Dgemm(Transpose.No, Transpose.Yes, rows, n, d, 1, block.AsSpan(0, rows * d), d, points, d, 0, dots, n);
            for (int r = 0; r < rows; r++)
            {
                int q = queries[start + r];
                double best = double.PositiveInfinity;
                for (int j = 0; j < n; j++)
                    if (j != q) best = Math.Min(best, norms[q] + norms[j] - 2 * dots[r * n + j]);
                nearest[start + r] = Math.Sqrt(Math.Max(best, 0));
            }
        }
        Array.Sort(nearest);
        double median = nearest.Length % 2 == 1 ? nearest[nearest.Length / 2] : 0.5 * (nearest[nearest.Length / 2 - 1] + nearest[nearest.Length / 2]);
        if (!(median > 0) || !double.IsFinite(median))
            throw MemLabException.InvalidData(
                $"The shared-structure set needs the typical gap between training points, but the median nearest-neighbour distance of {train.Provenance.Spec} is {median}; deduplicate the data or use more distinct points.");
        return median;
    }
}

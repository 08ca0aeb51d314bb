namespace MemLab.Data.Generators;

/// <summary>
/// Random orthonormal vectors: Gram-Schmidt (modified, applied twice for orthogonality to rounding error)
/// of independent Gaussian vectors, in float64. The span of k such vectors is uniformly distributed
/// among k-dimensional subspaces, and k = d gives a Haar-random orthogonal matrix. Also the Gaussian points such a
/// basis spans (<see cref="GaussianPoints"/>), which the anisotropic and subspace generators draw.
/// </summary>
internal static class RandomBasis
{
    /// <summary>
    /// <paramref name="count"/> orthonormal vectors in R^<paramref name="dimension"/>, stored one per row
    /// (count x dimension, row-major): the transpose of a dimension x count matrix with orthonormal columns.
    /// </summary>
    public static double[] Orthonormal(int dimension, int count, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, dimension);
        var basis = new double[count * dimension];
        for (int j = 0; j < count; j++)
        {
            Span<double> v = basis.AsSpan(j * dimension, dimension);
            rng.FillGaussian(v);
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < j; k++)
                {
                    ReadOnlySpan<double> q = basis.AsSpan(k * dimension, dimension);
                    double projection = Dot(q, v);
                    for (int l = 0; l < dimension; l++) v[l] -= projection * q[l];
                }
            double norm = Math.Sqrt(Dot(v, v));
            for (int l = 0; l < dimension; l++) v[l] /= norm;
        }
        return basis;
    }

    /// <summary>A plain left-to-right dot product: the same bits on every CPU, unlike a vectorized one.</summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>
    /// <paramref name="sampleCount"/> Gaussian points spanned by a basis: point i is sum_j s_j g_ij b_j with g_i drawn
    /// from <paramref name="rng"/> (Rng.FillGaussian, one draw of <paramref name="count"/> values per
    /// point), b_j row j of <paramref name="basis"/> (count x dimension, row-major) and s_j the scales (1 when null).
    /// </summary>
    /// <returns>The points as float32 rows (sampleCount x dimension).</returns>
    public static float[] GaussianPoints(int sampleCount, int dimension, int count, double[] basis, double[]? scales, Rng rng)
    {
        int d = dimension;
        var features = new float[sampleCount * d];
        var g = new double[count];
        var x = new double[d];
        for (int i = 0; i < sampleCount; i++)
        {
            rng.FillGaussian(g);
            Array.Clear(x);
            for (int j = 0; j < count; j++)
            {
                double c = scales is null ? g[j] : scales[j] * g[j];
                for (int l = 0; l < d; l++) x[l] += c * basis[j * d + l];
            }
            for (int l = 0; l < d; l++) features[i * d + l] = (float)x[l];
        }
        return features;
    }
}

using MemLab.LinearAlgebra;

namespace MemLab.Analysis;

/// <summary>
/// The neural tangent kernel (Jacot, Gabriel and Hongler 2018) of a one-hidden-layer ReLU network in the infinite-width
/// limit, f(x) = m^-1/2 sum_r a_r relu(w_r . x) with w_r ~ N(0, I_d) and a_r ~ N(0, 1), both layers trained, no biases:
/// <code>
/// Theta(x, y) = E_w[relu(w.x) relu(w.y)] + (x.y) E_w[1{w.x > 0} 1{w.y > 0}]
///             = |x||y| (sin t + (pi - t) cos t) / (2 pi) + (x.y) (pi - t) / (2 pi),   t = angle(x, y),
/// </code>
/// the arc-cosine kernels of degree 1 and 0 (Cho and Saul 2009). The second term alone is the Gram matrix H-infinity of
/// Du, Zhai, Poczos and Singh (2019), whose smallest eigenvalue sets their width requirement; Arora, Du, Hu, Li and
/// Wang (2019) train both layers and get the sum. A zero vector has kernel 0 with every point.
/// </summary>
public static class NeuralTangentKernel
{
    /// <summary>The largest N whose smallest Gram eigenvalue <see cref="SmallestEigenvalue(Dataset, IBlas, Seed)"/> computes exactly (8,000: a 512 MB matrix).</summary>
    public const int ExactLimit = 8000;

    /// <summary>Theta(x, y) from the inner product and the two norms.</summary>
    public static double Kernel(double dot, double normX, double normY)
    {
        if (normX == 0 || normY == 0) return 0;
        return KernelAtAngle(dot, normX, normY, Math.Acos(Math.Clamp(dot / (normX * normY), -1, 1)));
    }

    private static double KernelAtAngle(double dot, double normX, double normY, double angle) =>
        (normX * normY * (Math.Sin(angle) + (Math.PI - angle) * Math.Cos(angle)) + dot * (Math.PI - angle)) / (2 * Math.PI);

    /// <summary>Cosines above this have their angle recomputed from the points (see <see cref="Gram"/>).</summary>
    private const double NearlyParallel = 0.9;

    /// <summary>
    /// The N x N Gram matrix Theta(x_i, x_j) of the rows of <paramref name="features"/> (N x d, row-major), row-major;
    /// inner products in float64 through <see cref="IBlas.Dgemm"/>. acos loses half the digits near cosine 1, so for
    /// nearly parallel pairs the angle comes from the distance between the unit vectors, t = 2 asin(|u - v| / 2): a
    /// duplicated point then gives a singular matrix to rounding, not to 1e-8.
    /// </summary>
    public static double[] Gram(ReadOnlySpan<float> features, int featureCount, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(blas);
        int d = featureCount, n = features.Length / d;
        var x = new double[features.Length];
        for (int i = 0; i < x.Length; i++) x[i] = features[i];
        var gram = new double[(long)n * n];
        blas.Dgemm(Transpose.No, Transpose.Yes, n, n, d, 1, x, d, x, d, 0, gram, n);
        var norms = new double[n];
        for (int i = 0; i < n; i++) norms[i] = Math.Sqrt(Math.Max(gram[(long)i * n + i], 0));
        for (int i = 0; i < n; i++)
        {
            // Theta(x, x) = |x|^2 exactly; through acos the rounding of the cosine near 1 would cost 8 digits.
            gram[(long)i * n + i] = norms[i] * norms[i];
            for (int j = 0; j < i; j++)
            {
                double dot = gram[(long)i * n + j];
                double value = norms[i] == 0 || norms[j] == 0 ? 0
                    : dot > NearlyParallel * norms[i] * norms[j] ? KernelAtAngle(dot, norms[i], norms[j], AngleBetween(x, i, j, d, norms))
                    : Kernel(dot, norms[i], norms[j]);
                gram[(long)i * n + j] = value;
                gram[(long)j * n + i] = value;
            }
        }
        return gram;
    }

    private static double AngleBetween(double[] x, int i, int j, int d, double[] norms)
    {
        double squared = 0;
        for (int k = 0; k < d; k++)
        {
            double difference = x[i * d + k] / norms[i] - x[j * d + k] / norms[j];
            squared += difference * difference;
        }
        return 2 * Math.Asin(Math.Min(Math.Sqrt(squared) / 2, 1));
    }

    /// <summary>
    /// lambda_min of the Gram matrix on <paramref name="data"/>'s points as stored: exact (a dense symmetric
    /// eigensolver, <see cref="SymmetricEigenvalues"/>) up to <see cref="ExactLimit"/> points; above, the value on a
    /// random subset of <see cref="ExactLimit"/> points drawn from <paramref name="seed"/>, which by Cauchy's interlacing
    /// theorem is an upper bound on the full matrix's. Rounding can leave a singular matrix's value slightly negative.
    /// </summary>
    /// <returns>The value and whether it is exact.</returns>
    public static (double Value, bool Exact) SmallestEigenvalue(Dataset data, IBlas blas, Seed seed) => SmallestEigenvalue(data, blas, seed, ExactLimit);

    /// <summary><see cref="SmallestEigenvalue(Dataset, IBlas, Seed)"/> with a chosen limit, so tests can take the subset path on small data.</summary>
    internal static (double Value, bool Exact) SmallestEigenvalue(Dataset data, IBlas blas, Seed seed, int exactLimit)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        int n = data.SampleCount, d = data.FeatureCount;
        bool exact = n <= exactLimit;
        ReadOnlySpan<float> features = data.Features;
        float[]? subset = null;
        if (!exact)
        {
            int[] chosen = seed.Derive("ntk-subset").CreateRng().SampleWithoutReplacement(n, exactLimit);
            Array.Sort(chosen);
            subset = new float[(long)exactLimit * d];
            for (int k = 0; k < chosen.Length; k++) data.Row(chosen[k]).CopyTo(subset.AsSpan(k * d, d));
            features = subset;
            n = exactLimit;
        }
        double[] eigenvalues = SymmetricEigenvalues.Of(Gram(features, d, blas), n, blas);
        return (eigenvalues[0], exact);
    }
}

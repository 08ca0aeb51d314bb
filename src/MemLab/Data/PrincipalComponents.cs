using MathNet.Numerics.LinearAlgebra;
using MemLab.LinearAlgebra;

namespace MemLab.Data;

/// <summary>
/// Principal component analysis of a dataset's features: the mean, the eigen-decomposition of the
/// centred covariance (float64), the numerical rank of the centred data, and projection onto the
/// leading components. Used to find the affine hull of data that is not in general position (MNIST's
/// constant border pixels) and to replace d by the rank r (docs/algorithms.md, section 0).
/// </summary>
/// <remarks>
/// The work goes through the smaller of two problems with the same non-zero spectrum. With N &gt; d, the d x d
/// scatter matrix S = sum_i (x_i - mean)(x_i - mean)^T is accumulated with <see cref="IBlas.Dgemm"/> over blocks of
/// rows, so memory stays O(d^2 + block d) whatever N is, and decomposed with MathNet's symmetric eigensolver. With
/// N &lt;= d, the N x N Gram matrix G = X_c X_c^T of the centred data is decomposed instead: G u = lambda u gives
/// S v = lambda v with v = X_c^T u / sqrt(lambda), and the other d - N eigenvalues of S are 0 (cost O(N^2 d + N^3)
/// instead of O(N d^2 + d^3)). Either way the singular values of the centred N x d data matrix are
/// sigma_i = sqrt(lambda_i).
/// </remarks>
public sealed class PrincipalComponents
{
    /// <summary>Rows per Dgemm call: blocks of about 2^18 values (2 MiB of float64).</summary>
    private const int BlockValues = 1 << 18;

    /// <summary>Rows of the scatter matrix computed per Dgemm call.</summary>
    private const int PanelColumns = 128;

    /// <summary>Unit roundoff of float32 times two (machine epsilon 2^-23), the precision features are stored in.</summary>
    private const double Float32Epsilon = 1.0 / (1 << 23);

    private readonly double[] _mean;
    private readonly double[] _eigenvalues;
    private readonly double[] _singularValues;
    private readonly double[] _components;
    private readonly IBlas _blas;

    private PrincipalComponents(IBlas blas, int sampleCount, double[] mean, double[] eigenvalues, double[] singularValues, double[] components)
    {
        ComponentCount = components.Length / mean.Length;
        _blas = blas;
        SampleCount = sampleCount;
        FeatureCount = mean.Length;
        _mean = mean;
        _eigenvalues = eigenvalues;
        _singularValues = singularValues;
        _components = components;
        RankTolerance = Tolerance(sampleCount, FeatureCount, singularValues[0]);
        NumericalRank = CountAbove(singularValues, RankTolerance);
    }

    /// <summary>N, the number of points the components were fitted on.</summary>
    public int SampleCount { get; }

    /// <summary>d, the feature dimension.</summary>
    public int FeatureCount { get; }

    /// <summary>The mean of the fitted points (d values).</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>
    /// The eigenvalues of the sample covariance S / (N - 1) (all 0 when N = 1), largest first: the variance
    /// of the data along each principal component. Rounding can leave exact zeros slightly negative; they
    /// are reported as 0.
    /// </summary>
    public IReadOnlyList<double> Eigenvalues => _eigenvalues;

    /// <summary>The singular values of the centred N x d data matrix, sqrt of the eigenvalues of S, largest first.</summary>
    public IReadOnlyList<double> SingularValues => _singularValues;

    /// <summary>
    /// The threshold <see cref="NumericalRank"/> compares singular values against:
    /// max(N, d) * eps * sigma_1 with eps = 2^-23, float32's machine epsilon.
    /// </summary>
    public double RankTolerance { get; }

    /// <summary>
    /// The numerical rank of the centred data: the number of singular values above <see cref="RankTolerance"/>.
    /// This is numpy.linalg.matrix_rank's default rule applied to float32 data, the precision memlab stores
    /// features in; directions with less spread than that are indistinguishable from rounding of the stored
    /// values. (The float64 scatter matrix resolves singular values far below this threshold, so the rule is
    /// not blurred by computing them from S rather than by an SVD.) For points on an r-dimensional affine
    /// subspace it is r.
    /// </summary>
    public int NumericalRank { get; }

    /// <summary>
    /// How many components <see cref="Component"/> gives: d when N &gt; d; with N &lt;= d, the components of non-zero
    /// variance (at least <see cref="NumericalRank"/>), as the rest of the d directions carry none of the data.
    /// </summary>
    public int ComponentCount { get; }

    /// <summary>The unit-length principal component <paramref name="index"/> (0 = largest variance), d values, for
    /// index &lt; <see cref="ComponentCount"/>. Its sign is fixed so that its entry of largest magnitude is positive.</summary>
    public ReadOnlySpan<double> Component(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ComponentCount);
        return _components.AsSpan(index * FeatureCount, FeatureCount);
    }

    /// <summary>Fits the principal components of <paramref name="data"/>'s features.</summary>
    /// <param name="data">The points; their labels are ignored.</param>
    /// <param name="blas">The backend for the scatter-matrix products, kept for <see cref="Project"/>.</param>
    public static PrincipalComponents Fit(Dataset data, IBlas blas) => Fit(data, blas, BlockRows(data));

    /// <summary><see cref="Fit(Dataset, IBlas)"/> with a chosen block size, so tests can cross block boundaries on small data.</summary>
    internal static PrincipalComponents Fit(Dataset data, IBlas blas, int blockRows)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        int n = data.SampleCount, d = data.FeatureCount;
        double[] mean = ColumnMeans(data);
        if (n <= d) return FitThroughGram(data, mean, blas);
        RequireScatterFits(d);
        double[] scatter = Scatter(data, mean, blas, blockRows);

        // S is symmetric, so its row-major array is also its column-major array.
        var evd = Matrix<double>.Build.Dense(d, d, scatter).Evd(Symmetricity.Symmetric);
        int[] order = Enumerable.Range(0, d).OrderByDescending(k => evd.EigenValues[k].Real).ThenBy(k => k).ToArray();
        var eigenvalues = new double[d];
        var singularValues = new double[d];
        var components = new double[(long)d * d];
        for (int rank = 0; rank < d; rank++)
        {
            double lambda = Math.Max(evd.EigenValues[order[rank]].Real, 0.0);
            singularValues[rank] = Math.Sqrt(lambda);
            eigenvalues[rank] = n > 1 ? lambda / (n - 1) : 0.0;
            Span<double> component = components.AsSpan(rank * d, d);
            for (int j = 0; j < d; j++) component[j] = evd.EigenVectors[j, order[rank]];
            FixSign(component);
        }
        return new PrincipalComponents(blas, n, mean, eigenvalues, singularValues, components);
    }

    /// <summary>
    /// <see cref="NumericalRank"/> without the components: the eigenvalues of S come from a singular value
    /// decomposition without vectors (S is positive semi-definite, so they are its singular values), which is
    /// several times cheaper than the full eigen-decomposition.
    /// </summary>
    internal static int NumericalRankOf(Dataset data, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        int n = data.SampleCount, d = data.FeatureCount;
        double[] mean = ColumnMeans(data);
        // The N x N Gram matrix of the centred points has the same non-zero eigenvalues as the d x d scatter matrix.
        int size = Math.Min(n, d);
        double[] matrix;
        if (n <= d)
        {
            matrix = Gram(CentredRows(data, mean), n, d, blas);
        }
        else
        {
            RequireScatterFits(d);
            matrix = Scatter(data, mean, blas, BlockRows(data));
        }
        double[] singularValues = Matrix<double>.Build.Dense(size, size, matrix).Svd(computeVectors: false).S
            .Select(Math.Sqrt).OrderDescending().ToArray();
        return CountAbove(singularValues, Tolerance(n, d, singularValues[0]));
    }

    /// <summary>The fit for N &lt;= d through the N x N Gram matrix (see the remarks).</summary>
    private static PrincipalComponents FitThroughGram(Dataset data, double[] mean, IBlas blas)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        double[] centred = CentredRows(data, mean);
        double[] gram = Gram(centred, n, d, blas);
        var evd = Matrix<double>.Build.Dense(n, n, gram).Evd(Symmetricity.Symmetric);
        int[] order = Enumerable.Range(0, n).OrderByDescending(k => evd.EigenValues[k].Real).ThenBy(k => k).ToArray();
        var eigenvalues = new double[d];
        var singularValues = new double[d];
        for (int rank = 0; rank < n; rank++)
        {
            double lambda = Math.Max(evd.EigenValues[order[rank]].Real, 0.0);
            singularValues[rank] = Math.Sqrt(lambda);
            eigenvalues[rank] = n > 1 ? lambda / (n - 1) : 0.0;
        }
        // Components of non-zero variance only (v = X_c^T u / sigma is undefined for sigma = 0); far below the rank
        // tolerance, so every component the numerical rank counts is kept.
        double floor = 1e-6 * Tolerance(n, d, singularValues[0]);
        int kept = singularValues[0] > 0 ? singularValues.Count(s => s > floor) : 0;
        var vectors = new double[(long)n * kept];
        for (int rank = 0; rank < kept; rank++)
            for (int i = 0; i < n; i++)
                vectors[(long)i * kept + rank] = evd.EigenVectors[i, order[rank]] / singularValues[rank];
        var components = new double[(long)kept * d];
        if (kept > 0)
            blas.Dgemm(Transpose.Yes, Transpose.No, kept, d, n, 1.0, vectors, kept, centred, d, 0.0, components, d);
        for (int rank = 0; rank < kept; rank++) FixSign(components.AsSpan(rank * d, d));
        if (kept == 0)
        {
            // All points equal: no direction has variance; the first axis stands for the (zero-variance) component.
            components = new double[d];
            components[0] = 1;
        }
        return new PrincipalComponents(blas, n, mean, eigenvalues, singularValues, components);
    }

    /// <summary>G = X_c X_c^T (N x N) of the centred rows, row-major.</summary>
    private static double[] Gram(double[] centred, int n, int d, IBlas blas)
    {
        var gram = new double[(long)n * n];
        blas.Dgemm(Transpose.No, Transpose.Yes, n, n, d, 1.0, centred, d, centred, d, 0.0, gram, n);
        return gram;
    }

    private static double[] CentredRows(Dataset data, double[] mean)
    {
        MemoryBudget.Require((long)data.SampleCount * data.FeatureCount, sizeof(double), "The centred copy of the data (N * d float64)", "use fewer points or features");
        var centred = new double[(long)data.SampleCount * data.FeatureCount];
        CenterRows(data, mean, 0, data.SampleCount, centred);
        return centred;
    }

    /// <summary>Refuses a d x d scatter matrix that cannot be held, before it is allocated.</summary>
    private static void RequireScatterFits(int d) =>
        MemoryBudget.Require((long)d * d, 3 * sizeof(double),
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The {d} x {d} covariance of d = {d} features (with its eigen-decomposition)"),
            "reduce d first (for example pca=K on fewer points, or a subsample)");

    /// <summary>
    /// The coordinates of <paramref name="data"/>'s points in the top <paramref name="components"/> principal
    /// components: (x - mean) . v_k for k &lt; components, as a new dataset with the same labels or targets.
    /// </summary>
    /// <exception cref="MemLabException">The data has a different feature count than the fit, or
    /// <paramref name="components"/> is outside 1 .. d.</exception>
    public Dataset Project(Dataset data, int components)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw MemLabException.InvalidData(
                $"The data has {data.FeatureCount} features but the principal components were fitted on {FeatureCount}; project data of the same dimension.");
        if (components < 1 || components > ComponentCount)
            throw MemLabException.InvalidOptions(
                $"The number of principal components must be between 1 and {ComponentCount}; got {components}. Use the numerical rank ({NumericalRank}) to keep the affine hull.");

        int n = data.SampleCount, d = FeatureCount;
        var coordinates = new float[(long)n * components];
        ReadOnlySpan<double> top = _components.AsSpan(0, components * d);
        int blockRows = BlockRows(data);
        var block = new double[(long)blockRows * d];
        var product = new double[(long)blockRows * components];
        for (int start = 0; start < n; start += blockRows)
        {
            int rows = Math.Min(blockRows, n - start);
            CenterRows(data, _mean, start, rows, block);
            _blas.Dgemm(Transpose.No, Transpose.Yes, rows, components, d, 1.0, block, d, top, d, 0.0, product, components);
            for (int i = 0; i < rows * components; i++) coordinates[(long)start * components + i] = (float)product[i];
        }

        var provenance = new DatasetProvenance(data.Provenance.Spec,
            $"{data.Provenance.Description}; projected onto its top {components} principal components (of {d}, fitted on {SampleCount} points)");
        return data.TargetKind == TargetKind.Classes
            ? Dataset.Classification(coordinates, components, data.Labels.ToArray(), data.ClassNames, provenance)
            : Dataset.Regression(coordinates, components, data.Targets.ToArray(), provenance);
    }

    internal static int BlockRows(Dataset data) => Math.Clamp(BlockValues / data.FeatureCount, 1, data.SampleCount);

    private static double Tolerance(int sampleCount, int featureCount, double largestSingularValue) =>
        Math.Max(sampleCount, featureCount) * Float32Epsilon * largestSingularValue;

    private static int CountAbove(double[] singularValues, double tolerance) => singularValues.Count(s => s > tolerance);

    /// <summary>
    /// S = sum_i (x_i - mean)(x_i - mean)^T, accumulated over blocks of rows. S is symmetric, so each block
    /// computes only the upper triangle, one Dgemm per panel of <see cref="PanelColumns"/> rows of S
    /// (about half the work of the full product); the lower triangle is mirrored at the end.
    /// </summary>
    internal static double[] Scatter(Dataset data, double[] mean, IBlas blas, int blockRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRows);
        int n = data.SampleCount, d = data.FeatureCount;
        var scatter = new double[(long)d * d];
        blockRows = Math.Min(blockRows, n);
        var block = new double[(long)blockRows * d];
        for (int start = 0; start < n; start += blockRows)
        {
            int rows = Math.Min(blockRows, n - start);
            CenterRows(data, mean, start, rows, block);
            for (int p = 0; p < d; p += PanelColumns)
            {
                int panel = Math.Min(PanelColumns, d - p);
                // S[p .. p+panel, p .. d] += block[:, p .. p+panel]^T block[:, p .. d]
                blas.Dgemm(Transpose.Yes, Transpose.No, panel, d - p, rows, 1.0,
                    block.AsSpan(p), d, block.AsSpan(p), d, start == 0 ? 0.0 : 1.0, scatter.AsSpan(p * d + p), d);
            }
        }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
                scatter[i * d + j] = scatter[j * d + i];
        return scatter;
    }

    /// <summary>The mean of each feature of <paramref name="data"/> (<see cref="ColumnStatistics.Means"/>).</summary>
    internal static double[] ColumnMeans(Dataset data) => ColumnStatistics.Means(data.Features, data.FeatureCount);

    private static void CenterRows(Dataset data, double[] mean, int start, int rows, double[] block)
    {
        int d = mean.Length;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = data.Row(start + r);
            Span<double> target = block.AsSpan(r * d, d);
            for (int j = 0; j < d; j++) target[j] = row[j] - mean[j];
        }
    }

    private static void FixSign(Span<double> component)
    {
        int largest = 0;
        for (int j = 1; j < component.Length; j++)
            if (Math.Abs(component[j]) > Math.Abs(component[largest])) largest = j;
        if (component[largest] < 0)
            for (int j = 0; j < component.Length; j++) component[j] = -component[j];
    }
}

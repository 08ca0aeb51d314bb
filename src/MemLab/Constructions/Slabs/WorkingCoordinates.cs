using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Constructions.Slabs;

/// <summary>
/// The float64 coordinates the slab constructions work in (docs/algorithms.md section 0, "General position"): the data
/// centred at its mean, and projected onto its top r principal components when the centred data has numerical
/// rank r &lt; d (MNIST's constant border pixels; any N &lt;= d points). A hyperplane w.z = b in these coordinates is
/// the hyperplane (P^T w).x = b + (P^T w).mean in the raw inputs; <see cref="ToRaw"/> folds every first-layer unit
/// back that way, so the saved network takes the data as given.
/// </summary>
internal sealed class WorkingCoordinates
{
    private const int ChunkRows = 4096;
    private const double Float32Epsilon = 1.0 / (1 << 23);
    private readonly double[] _points;
    private readonly double[] _mean;
    private readonly double[]? _components;

    /// <summary>
    /// The N x r <paramref name="points"/>, the d-dimensional <paramref name="mean"/> they are centred at and the r x d
    /// <paramref name="components"/> they are projected onto (null when r = d): N, d and r are read from their lengths.
    /// </summary>
    private WorkingCoordinates(double[] points, double[] mean, double[]? components, double largestRawNorm)
    {
        _points = points;
        _mean = mean;
        _components = components;
        InputDimension = mean.Length;
        Dimension = components is null ? mean.Length : components.Length / mean.Length;
        SampleCount = points.Length / Dimension;
        LargestRawNorm = largestRawNorm;
        MeanNorm = Math.Sqrt(mean.Sum(v => v * v));
        double sum = 0;
        foreach (double v in points) sum += v * v;
        CoordinateSpread = Math.Sqrt(sum / ((double)SampleCount * Dimension));
    }

    /// <summary>N.</summary>
    public int SampleCount { get; }

    /// <summary>d, the raw input dimension.</summary>
    public int InputDimension { get; }

    /// <summary>r: the numerical rank of the centred data (at least 1), or d when the data is full rank.</summary>
    public int Dimension { get; }

    /// <summary>True when r &lt; d and the points were projected onto their top r principal components.</summary>
    public bool Projected => _components is not null;

    /// <summary>max_i ||x_i|| over the raw inputs.</summary>
    public double LargestRawNorm { get; }

    /// <summary>||mean||.</summary>
    public double MeanNorm { get; }

    /// <summary>The root-mean-square coordinate: the typical spread of the points along one working axis (0 for a single point).</summary>
    public double CoordinateSpread { get; }

    /// <summary>All N points, row-major N x r.</summary>
    public ReadOnlySpan<double> Points => _points;

    /// <summary>The coordinates of point <paramref name="index"/> (r values).</summary>
    public ReadOnlySpan<double> Point(int index) => _points.AsSpan(index * Dimension, Dimension);

    /// <summary>Centres <paramref name="data"/> and projects it onto its affine hull when it is rank-deficient.</summary>
    public static WorkingCoordinates Of(Dataset data, IBlas blas)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        PrincipalComponents? pca = IsCertainlyFullRank(data, blas) ? null : PrincipalComponents.Fit(data, blas);
        int rank = pca is null ? d : Math.Max(1, pca.NumericalRank);
        double largestNorm = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            foreach (float v in data.Row(i)) sum += (double)v * v;
            largestNorm = Math.Max(largestNorm, sum);
        }
        largestNorm = Math.Sqrt(largestNorm);
        if (pca is null || rank == d)
        {
            double[] mean = PrincipalComponents.ColumnMeans(data);
            var centred = new double[(long)n * d];
            ReadOnlySpan<float> all = data.Features;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++)
                    centred[(long)i * d + j] = all[i * d + j] - mean[j];
            return new WorkingCoordinates(centred, mean, null, largestNorm);
        }

        var components = new double[(long)rank * d];
        for (int k = 0; k < rank; k++) pca.Component(k).CopyTo(components.AsSpan(k * d, d));
        double[] pcaMean = pca.Mean.ToArray();
        var points = new double[(long)n * rank];
        var block = new double[(long)Math.Min(ChunkRows, n) * d];
        ReadOnlySpan<float> features = data.Features;
        for (int first = 0; first < n; first += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, n - first);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < d; j++)
                    block[(long)r * d + j] = features[(first + r) * d + j] - pcaMean[j];
            blas.Dgemm(Transpose.No, Transpose.Yes, rows, rank, d, 1.0, block, d, components, d, 0.0, points.AsSpan(first * rank), rank);
        }
        return new WorkingCoordinates(points, pcaMean, components, largestNorm);
    }

    /// <summary>
    /// The raw-input form of <paramref name="units"/> units t = w.z + beta given in working coordinates:
    /// weights W P (units x d) and biases beta - (W P).mean.
    /// </summary>
    public (double[] Weights, double[] Bias) ToRaw(double[] weights, double[] bias, int units, IBlas blas)
    {
        int r = Dimension, d = InputDimension;
        double[] raw;
        if (_components is null)
        {
            raw = (double[])weights.Clone();
        }
        else
        {
            raw = new double[(long)units * d];
            blas.Dgemm(Transpose.No, Transpose.No, units, d, r, 1.0, weights, r, _components, d, 0.0, raw, d);
        }
        var rawBias = new double[units];
        for (int u = 0; u < units; u++)
            rawBias[u] = bias[u] - System.Numerics.Tensors.TensorPrimitives.Dot<double>(raw.AsSpan(u * d, d), _mean);
        return (raw, rawBias);
    }

    /// <summary>
    /// True when the centred data certainly has numerical rank d (<see cref="PrincipalComponents.NumericalRank"/>'s rule:
    /// every singular value above max(N, d) 2^-23 sigma_1), decided without a singular value decomposition: with the
    /// scatter matrix S, lambda_min(S) &gt;= 1 / trace(S^-1) (from one blocked LU and d solves) is compared with the
    /// tolerance squared, bounded above through sigma_1^2 &lt;= trace(S). About a tenth of the SVD's time at d = 784.
    /// False means "not certain", and the caller asks for the exact rank.
    /// </summary>
    private static bool IsCertainlyFullRank(Dataset data, IBlas blas)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        if (n <= d) return false;
        double[] scatter = PrincipalComponents.Scatter(data, PrincipalComponents.ColumnMeans(data), blas, PrincipalComponents.BlockRows(data));
        double trace = 0;
        for (int i = 0; i < d; i++) trace += scatter[(long)i * d + i];
        double tolerance = Math.Max(n, d) * Float32Epsilon;
        var pivots = new int[d];
        if (!BlockedLu.Factor(scatter, d, pivots, blas)) return false;
        var identity = new double[(long)d * d];
        for (int i = 0; i < d; i++) identity[(long)i * d + i] = 1;
        BlockedLu.Solve(scatter, d, pivots, identity, d);
        double inverseTrace = 0;
        for (int i = 0; i < d; i++) inverseTrace += identity[(long)i * d + i];
        return inverseTrace > 0 && 1 / inverseTrace > tolerance * tolerance * trace;
    }
}

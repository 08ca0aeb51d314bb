using System.Globalization;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// The best-of-R 1-D projection of docs/algorithms.md section 0, shared by the Zhang and Yun constructions: t_i = u.x_i
/// with u uniform on the unit sphere (a Gaussian vector, normalized), drawn R times; the direction kept is the one with
/// the largest (smallest gap between consecutive sorted projections) / (range of the projections), because the
/// weights of a 1-D construction grow like 1/gap. Everything is float64. The projection becomes the network's first
/// layer, one linear unit s = u.x - c with c the midpoint of the range; <see cref="Values"/> are that layer's own
/// float64 outputs, so the construction places its knots around exactly the numbers the network computes.
/// </summary>
/// <remarks>
/// Cost: one N x R GEMM through <see cref="IBlas"/> (N d R multiply-adds) and R sorts of N values.
/// </remarks>
public sealed class LineProjection
{
    /// <summary>The default number of candidate directions, R = 32 (docs/algorithms.md section 0).</summary>
    public const int DefaultCandidates = 32;

    private const int ChunkRows = 4096;
    private readonly double[] _direction;
    private readonly double[] _values;
    private readonly int[] _order;

    private LineProjection(double[] direction, double offset, double[] values, int[] order, int candidates)
    {
        _direction = direction;
        Offset = offset;
        _values = values;
        _order = order;
        Candidates = candidates;
        MinGap = double.PositiveInfinity;
        for (int r = 1; r < order.Length; r++)
        {
            double gap = values[order[r]] - values[order[r - 1]];
            if (gap < MinGap)
            {
                MinGap = gap;
                ClosestPair = new SamplePair(Math.Min(order[r - 1], order[r]), Math.Max(order[r - 1], order[r]));
            }
        }
        Range = values[order[^1]] - values[order[0]];
    }

    /// <summary>The unit vector u.</summary>
    public IReadOnlyList<double> Direction => _direction;

    /// <summary>c, the midpoint of the projections' range; the layer computes s = u.x - c.</summary>
    public double Offset { get; }

    /// <summary>s_i = u.x_i - c for every point, in float64, as the projection layer computes them.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The point indices sorted by <see cref="Values"/>, ascending (ties, which a built projection never has, by index).</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>R, the number of directions drawn.</summary>
    public int Candidates { get; }

    /// <summary>The smallest gap between consecutive sorted projections.</summary>
    public double MinGap { get; }

    /// <summary>The two points (lower index first) whose projections are closest.</summary>
    public SamplePair ClosestPair { get; }

    /// <summary>max_i s_i - min_i s_i.</summary>
    public double Range { get; }

    /// <summary><see cref="MinGap"/> / <see cref="Range"/>: about 1/N^2 for a random direction; the chosen one is the largest of R.</summary>
    public double RelativeMinGap => MinGap / Range;

    /// <summary>The projection as a network layer: one linear (identity) unit with weights u and bias -c.</summary>
    public DenseLayer Layer() => new(_direction.Length, 1, (double[])_direction.Clone(), [-Offset], Activation.Identity);

    /// <summary>Draws <paramref name="candidates"/> directions and keeps the best (see the type's summary).</summary>
    /// <param name="data">At least two points, no two identical.</param>
    /// <param name="candidates">R &gt;= 1.</param>
    /// <param name="seed">Draws the directions, in order, from one generator.</param>
    /// <param name="blas">Computes the N x R projections.</param>
    /// <param name="construction">The construction's name, for error messages.</param>
    /// <exception cref="MemLabException">
    /// (InvalidData) fewer than two points or two identical points; (HypothesisViolated) two points whose projections
    /// along the best direction tie or differ only at rounding level.
    /// </exception>
    public static LineProjection Best(Dataset data, int candidates, Seed seed, IBlas blas, string construction)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(candidates);
        int n = data.SampleCount, d = data.FeatureCount;
        if (n < 2)
            throw MemLabException.InvalidData(
                $"{construction} projects the points onto a line and needs at least two of them; the data ({data.Provenance.Spec}) has {n}. Use a larger dataset.");
        var duplicates = DatasetChecks.FindDuplicates(data);
        if (duplicates.Count > 0)
            throw MemLabException.InvalidData(
                $"Samples {duplicates[0].First} and {duplicates[0].Second} of the data ({data.Provenance.Spec}) are identical ({duplicates.Count} duplicate point(s) in all); " +
                $"{construction} projects the points onto a line and needs distinct points. Remove the duplicates (data describe lists them).");

        double[] directions = DrawDirections(candidates, d, seed);
        double[] projections = Project(data, directions, candidates, blas);
        var (best, offset) = ChooseBest(projections, n, candidates);
        double[] direction = directions.AsSpan(best * d, d).ToArray();

        var layer = new DenseLayer(d, 1, (double[])direction.Clone(), [-offset], Activation.Identity);
        double[] values = ForwardPass.Evaluate(new Network([layer], OutputRule.Value, NetworkProvenance.Manual("projection")), data, blas, Precision.Float64);
        int[] order = SortedOrder(values);
        var projection = new LineProjection(direction, offset, values, order, candidates);
        projection.RequireDistinct(data, construction);
        return projection;
    }

    /// <summary>R unit vectors (rows of an R x d matrix): Gaussian entries, each row divided by its norm.</summary>
    private static double[] DrawDirections(int candidates, int d, Seed seed)
    {
        Rng rng = seed.CreateRng();
        var directions = new double[(long)candidates * d];
        for (int r = 0; r < candidates; r++)
        {
            Span<double> row = directions.AsSpan(r * d, d);
            double norm;
            do
            {
                rng.FillGaussian(row);
                norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<double>(row, row));
            } while (norm == 0);
            for (int k = 0; k < d; k++) row[k] /= norm;
        }
        return directions;
    }

    /// <summary>The N x R projections X U^T, computed in chunks of rows.</summary>
    private static double[] Project(Dataset data, double[] directions, int candidates, IBlas blas)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        var projections = new double[(long)n * candidates];
        int chunk = Math.Min(ChunkRows, n);
        var inputs = new double[(long)chunk * d];
        ReadOnlySpan<float> all = data.Features;
        for (int first = 0; first < n; first += chunk)
        {
            int rows = Math.Min(chunk, n - first);
            for (long j = 0; j < (long)rows * d; j++) inputs[j] = all[(int)((long)first * d + j)];
            blas.Dgemm(Transpose.No, Transpose.Yes, rows, candidates, d, 1.0, inputs, d, directions, d, 0.0,
                projections.AsSpan((int)((long)first * candidates), rows * candidates), candidates);
        }
        return projections;
    }

    /// <summary>The candidate with the largest min-gap / range (the first on ties) and the midpoint of its range.</summary>
    private static (int Best, double Offset) ChooseBest(double[] projections, int n, int candidates)
    {
        var column = new double[n];
        int best = 0;
        double bestScore = double.NegativeInfinity, bestOffset = 0;
        for (int r = 0; r < candidates; r++)
        {
            for (int i = 0; i < n; i++) column[i] = projections[(long)i * candidates + r];
            Array.Sort(column);
            double minGap = double.PositiveInfinity;
            for (int i = 1; i < n; i++) minGap = Math.Min(minGap, column[i] - column[i - 1]);
            double range = column[^1] - column[0];
            double score = range > 0 ? minGap / range : 0;
            if (score > bestScore)
            {
                bestScore = score;
                best = r;
                bestOffset = column[0] + range / 2;
            }
        }
        return (best, bestOffset);
    }

    private static int[] SortedOrder(double[] values)
    {
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
        return order;
    }

    /// <summary>
    /// Refuses a smallest gap at or below the rounding level 2 d 2^-52 max ||x||: a bound on the float64 error of the
    /// difference of two dot products u.x with ||u|| = 1, so below it the order of the two points is rounding noise.
    /// </summary>
    private void RequireDistinct(Dataset data, string construction)
    {
        double largestNorm = 0;
        for (int i = 0; i < data.SampleCount; i++)
        {
            double sum = 0;
            foreach (float v in data.Row(i)) sum += (double)v * v;
            largestNorm = Math.Max(largestNorm, Math.Sqrt(sum));
        }
        double rounding = 2.0 * data.FeatureCount * Math.Pow(2, -52) * largestNorm;
        if (MinGap > rounding) return;
        var (a, b) = ClosestPair;
        throw MemLabException.HypothesisViolated(string.Create(CultureInfo.InvariantCulture,
            $"Samples {a} and {b} of the data ({data.Provenance.Spec}) project to within {MinGap:G3} of each other along the best of {Candidates} random directions (rounding level {rounding:G3}, range {Range:G3}); {construction} needs every projection distinct. The points are nearly identical: remove one of them, or draw more directions (--directions)."));
    }
}

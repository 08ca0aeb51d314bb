using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// The baseline of Zhang et al. (docs/algorithms.md section 3, last bullet): N ReLUs on a 1-D projection. The points are
/// projected onto the best of R random directions (<see cref="LineProjection"/>), s = u.x - c, and sorted,
/// s_1 &lt; ... &lt; s_N. Knots b_1 &lt; s_1 &lt; b_2 &lt; s_2 &lt; ... &lt; b_N &lt; s_N (b_j the midpoint of the j-th gap,
/// b_1 half a mean gap left of s_1) give f(x) = sum_j w_j ReLU(s - b_j). The N x N matrix A_ij = ReLU(s_i - b_j) is
/// lower triangular with a positive diagonal, so A w = y has exactly one solution, found by forward substitution. Its
/// structure makes the substitution O(N): with S_i = w_1 + ... + w_i (the slope of f right of b_i) and f(b_i) known,
/// row i reads f(b_i) + S_i (s_i - b_i) = y_i, so S_i = (y_i - f(b_i)) / (s_i - b_i), w_i = S_i - S_(i-1), and
/// f(b_(i+1)) = y_i + S_i (b_(i+1) - s_i).
/// Targets: real targets as given (output rule Value); two classes as y = -1 (class 0) and +1 (class 1), output rule
/// Sign, so f(x_i) = +-1 and the margin is 1 in exact arithmetic.
/// Network: the projection (d weights and a bias), N ReLUs with input weight 1 and bias -b_j, one output with weights
/// w and bias 0. Parameters: (d + 1) + 2N + (N + 1) = 3N + d + 2. The paper's 2N + d counts the free numbers u, b, w;
/// the other N + 2 are the fixed unit weights and two biases a dense layer stores.
/// </summary>
/// <remarks>
/// Implements Zhang, Bengio, Hardt, Recht, Vinyals, "Understanding deep learning requires rethinking generalization",
/// ICLR 2017, Theorem 1 (a two-layer ReLU network with 2n + d weights represents any function on n points in d
/// dimensions). The weights grow like 1/(smallest gap), hence the best-of-R direction; the float64 verification reports
/// the error that rounding leaves.
/// </remarks>
[Source("Zhang, Bengio, Hardt, Recht, Vinyals (2017), \"Understanding deep learning requires rethinking generalization\", ICLR",
    Algorithm = "Theorem 1")]
public sealed class ZhangConstruction(IBlas blas) : Construction<ZhangOptions, ZhangDetails>(ConstructionId, blas, null)
{
    /// <summary>The stable id, "zhang".</summary>
    public const string ConstructionId = "zhang";

    /// <summary>The construction proper (see the type's summary).</summary>
    /// <param name="data">Real targets, or labels of at most two classes; at least two points, no two identical.</param>
    /// <param name="options">The number of projection directions.</param>
    /// <param name="seed">Draws the projection directions (<c>seed.Derive("projection")</c>).</param>
    /// <exception cref="MemLabException">
    /// More than two classes, fewer than two points or duplicate points (InvalidData); projections that tie at
    /// rounding level (HypothesisViolated).
    /// </exception>
    protected override (Network Network, ZhangDetails Details) BuildNetwork(Dataset data, ZhangOptions options, Seed seed)
    {
        bool classes = data.TargetKind == TargetKind.Classes;
        if (classes && data.ClassCount > 2)
            throw MemLabException.InvalidData(
                $"zhang memorizes real targets or two classes, but the data ({data.Provenance.Spec}) has {data.ClassCount} classes. " +
                "Use 'build yun' for K classes, or memorize the class index as a real target with the data spec key targets=class-index.");
        DatasetChecks.RequireNoConflictingDuplicates(data);
        double[] targets = classes ? SignTargets(data.Labels) : data.Targets.ToArray();

        var projection = LineProjection.Best(data, options.Directions, seed.Derive("projection"), Blas, "zhang");
        var (knots, weights) = Solve(projection, targets);
        int n = data.SampleCount, d = data.FeatureCount;
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        var network = new Network(
            [
                projection.Layer(),
                new DenseLayer(1, n, ones, Array.ConvertAll(knots, b => -b), Activation.Relu),
                new DenseLayer(n, 1, weights, [0.0], Activation.Identity),
            ],
            classes ? OutputRule.Sign : OutputRule.Value,
            Provenance(options, seed, data));
        return (network, new ZhangDetails
        {
            Directions = options.Directions,
            MinGap = projection.MinGap,
            ProjectionRange = projection.Range,
            HiddenUnits = n,
            PaperParameterCount = 2L * n + d,
            ParametersPerPoint = (double)network.ParameterCount / n,
            ClassMargin = classes ? ClassMargin.OfSign(network, data, Blas) : null,
        });
    }

    /// <summary>-1 for class 0, +1 for class 1.</summary>
    internal static double[] SignTargets(ReadOnlySpan<int> labels)
    {
        var targets = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++) targets[i] = labels[i] == 1 ? 1.0 : -1.0;
        return targets;
    }

    /// <summary>The knots b_j and output weights w_j in sorted order (forward substitution, see the type's summary).</summary>
    private static (double[] Knots, double[] Weights) Solve(LineProjection projection, double[] targets)
    {
        ReadOnlySpan<int> order = projection.Order;
        ReadOnlySpan<double> values = projection.Values;
        int n = order.Length;
        var knots = new double[n];
        var weights = new double[n];
        knots[0] = values[order[0]] - projection.Range / (n - 1) / 2;
        double atKnot = 0, slope = 0;
        for (int i = 0; i < n; i++)
        {
            double s = values[order[i]], y = targets[order[i]];
            double next = (y - atKnot) / (s - knots[i]);
            weights[i] = next - slope;
            slope = next;
            if (i + 1 == n) break;
            knots[i + 1] = (s + values[order[i + 1]]) / 2;
            atKnot = y + slope * (knots[i + 1] - s);
        }
        return (knots, weights);
    }
}

using System.Globalization;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// Two hidden ReLU layers of about sqrt(N) units that memorize N points (docs/algorithms.md section 4), in the family of
/// Yun, Sra and Jadbabaie's construction; K classes add a third layer of K + 2 units.
/// <para>
/// Construction. Project onto the best of R directions, s = u.x - c (<see cref="LineProjection"/>, a linear unit), and
/// sort, s_1 &lt; ... &lt; s_N with values v_i. Cut the sorted points into P blocks of at most Q points, choosing the
/// cuts to maximize the smallest gap cut (a binary search over the gaps; the greedy "cut as late as possible" is
/// optimal for a fixed set of allowed cuts). On a block with points t_1 &lt; ... &lt; t_m and values v_1 .. v_m let
/// r_j = (v_(j+1) - v_j) / (t_(j+1) - t_j). Its interpolant g has slopes sigma_0 .. sigma_(m-1) that alternate: valleys
/// (even j) below both neighbouring r, peaks (odd j) above both, by e_j = (max |neighbouring r| + rho) / 2 with
/// rho = max(1, max |v|) / range &gt; 0. Segment j - 1 and segment j meet at the kink k_j = t_j + theta_j (t_(j+1) - t_j),
/// theta_j = (sigma_j - r_j) / (sigma_j - sigma_(j-1)); r_j lies strictly between sigma_(j-1) and sigma_j, so
/// 0 &lt; theta_j &lt; 1 (the kink is strictly inside the gap) and g rises by exactly v_(j+1) - v_j across it. Hence
/// g(s) = v_1 + sigma_0 (s - t_1) + sum_j delta_j ReLU(s - k_j), delta_j = sigma_j - sigma_(j-1), interpolates the block,
/// and delta_j &gt; 0 for odd j, &lt; 0 for even j: the sign of the j-th slope change is the same on every block.
/// </para>
/// <para>
/// Layer 2 has Q units. Unit 0 reproduces the base line v_1 + sigma_0 (s - t_1) - C on every block, positive there
/// (C is the smallest base value at any block end minus max(1, max |v|)); unit j &gt;= 1 reproduces the j-th kink line
/// |delta_j| (s - k_j) of every block that has a j-th kink and the constant -max(1, max |v|) on the others. So on every
/// data point of every block, f = C + ReLU(z_0) + sum_j (-1)^(j+1) ReLU(z_j) = g(s) = v. Each z is affine on every block
/// and needs its own line there; layer 1 provides that: one unit ReLU(s - a_0) with a_0 a mean gap left of s_1, and two
/// units ReLU(s - alpha), ReLU(s - beta) at a quarter and three quarters of every gap between blocks, 2P - 1 units. A
/// layer-2 pre-activation sum_i w_i ReLU(s - a_i) + b is continuous and piecewise linear with kinks only at these
/// knots: the weight of a_0 and the bias give block 1's line; across a gap the function follows the segment from
/// the line of the block before (at alpha) to the line of the block after (at beta), slope mu, so the weights there
/// are mu - A_p and A_(p+1) - mu (A the slopes of the two lines). It then coincides with the next block's line.
/// </para>
/// <para>
/// Targets: real targets in [-1, 1] (the theorem's hypothesis; others are refused, not rescaled), output rule Value;
/// two classes as -1 / +1 with output rule Sign. K &gt; 2 classes: v = the class index, then a third layer of K + 2
/// ReLUs r_j = ReLU(f - j), j = -1 .. K (each reads the layer-2 units with the output's signed weights and bias C - j),
/// and logit_k = r_(k-1) - 2 r_k + r_(k+1), k = 0 .. K-1: the hat max(0, 1 - |f - k|), so at f = k logit_k = 1 and
/// every other logit is 0 (r_(-1) = f + 1 keeps logit_0 a hat at f = 0; r_K is 0 on every training point since
/// f &lt;= K - 1 there, and makes logit_(K-1) a hat too). Argmax is right whenever |f - k| &lt; 1/2.
/// </para>
/// <para>
/// Sizes: widths 1 (linear), d1 = 2P - 1, d2 = Q (+ K + 2), output 1 (or K). Parameters: (d + 1) + 2 d1 + (d1 + 1) d2 +
/// (d2 + 1) for one output; with K classes (d2 + 1)(K + 2) + (K + 2 + 1) K replace the last term. The theorem's
/// 4 floor(d1/2) floor(d2/2) &gt;= N is met with room (about 2N); see <see cref="YunDetails"/>.
/// Weights grow like 1/gap^2 (a slope 1/gap inside a block carried across a gap between blocks); the float64
/// verification reports what rounding leaves, and a network that misses a point says so.
/// </para>
/// </summary>
/// <remarks>
/// Follows Yun, Sra, Jadbabaie, "Small ReLU networks are powerful memorizers: a tight analysis of memorization
/// capacity", NeurIPS 2019, pp. 15532-15543: its two-hidden-layer theorem (widths with 4 floor(d1/2) floor(d2/2) &gt;= N
/// memorize N points with labels in [-1, 1]) and its K-class statement. The paper's appendix weights were not available; this is the
/// verified construction of the same family described in docs/algorithms.md.
/// </remarks>
[Source("Yun, Sra, Jadbabaie (2019), \"Small ReLU networks are powerful memorizers: a tight analysis of memorization capacity\", NeurIPS",
    Algorithm = "the two-hidden-layer theorem (4 floor(d1/2) floor(d2/2) >= N) and the K-class statement")]
public sealed class YunConstruction(IBlas blas) : Construction<YunOptions, YunDetails>(ConstructionId, blas, null)
{
    /// <summary>The stable id, "yun".</summary>
    public const string ConstructionId = "yun";

    /// <summary>The construction proper (see the type's summary).</summary>
    /// <param name="data">Real targets in [-1, 1] or class labels (K &lt;= N); at least two points, no two identical.</param>
    /// <param name="options">Projection directions and the number of blocks.</param>
    /// <param name="seed">Draws the projection directions (<c>seed.Derive("projection")</c>).</param>
    /// <exception cref="MemLabException">
    /// More blocks than points (InvalidOptions); targets outside [-1, 1], more classes than points, fewer than two
    /// points or duplicate points (InvalidData); projections that tie at rounding level (HypothesisViolated).
    /// </exception>
    protected override (Network Network, YunDetails Details) BuildNetwork(Dataset data, YunOptions options, Seed seed)
    {
        int n = data.SampleCount, k = data.ClassCount;
        bool classes = data.TargetKind == TargetKind.Classes, manyClasses = classes && k > 2;
        double[] targets = Targets(data);
        int requested = options.Blocks ?? DefaultBlocks(n);
        if (requested > n)
            throw MemLabException.InvalidOptions(
                $"Blocks (P) = {requested} exceeds the number of points N = {n}; every block needs a point. Pass at most {n}, or leave it out for round(sqrt(N / 2)).");
        DatasetChecks.RequireNoConflictingDuplicates(data);

        var projection = LineProjection.Best(data, options.Directions, seed.Derive("projection"), Blas, "yun");
        double[] s = new double[n], v = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = projection.Values[projection.Order[i]];
            v[i] = targets[projection.Order[i]];
        }
        int[] starts = Partition(s, requested, BlockCapacity(n, requested));
        var blocks = new BlockLines(s, v, starts, projection.Range);

        var layers = new List<DenseLayer> { projection.Layer() };
        layers.AddRange(blocks.HiddenLayers());
        double[] signs = blocks.OutputSigns();
        int q = blocks.Width;
        var value = new DenseLayer(q, 1, signs, [blocks.Offset], Activation.Identity);
        var provenance = Provenance(options, seed, data);
        var network = manyClasses
            ? new Network([.. layers, RampLayer(signs, blocks.Offset, k), HatLayer(k)], OutputRule.Argmax, provenance)
            : new Network([.. layers, value], classes ? OutputRule.Sign : OutputRule.Value, provenance);
        double? margin = !classes ? null
            : manyClasses ? ClassMargin.OfClassIndex(new Network([.. layers, value], OutputRule.Value, provenance), data, Blas)
            : ClassMargin.OfSign(network, data, Blas);

        int p = starts.Length - 1, d1 = 2 * p - 1;
        double smallestCut = double.PositiveInfinity;
        for (int b = 1; b < p; b++) smallestCut = Math.Min(smallestCut, s[starts[b]] - s[starts[b] - 1]);
        return (network, new YunDetails
        {
            Directions = options.Directions,
            MinGap = projection.MinGap,
            ProjectionRange = projection.Range,
            Blocks = p,
            LargestBlock = q,
            RelativeSmallestCut = p > 1 ? smallestCut / projection.Range : null,
            HiddenUnits = manyClasses ? [d1, q, k + 2] : [d1, q],
            TheoremCapacity = TheoremCapacity(d1, q),
            TheoremHiddenUnits = TheoremHiddenUnits(n),
            KClassStatementUnits = manyClasses ? 4 * Math.Sqrt(n) + 4.0 * k : null,
            ParametersPerPoint = (double)network.ParameterCount / n,
            ClassMargin = margin,
        });
    }

    /// <summary>round(sqrt(N / 2)), at least 1: about minimizes d1 + d2 = 2P - 1 + N / P.</summary>
    public static int DefaultBlocks(int sampleCount) => Math.Max(1, (int)Math.Round(Math.Sqrt(sampleCount / 2.0)));

    /// <summary>Q, the most points a block may hold when N points go into at most P blocks: ceil(9N / 8P), at most N. The slack of 1/8 lets the cuts move to larger gaps.</summary>
    public static int BlockCapacity(int sampleCount, int blocks) => (int)Math.Min(sampleCount, (9L * sampleCount + 8L * blocks - 1) / (8L * blocks));

    /// <summary>4 floor(d1/2) floor(d2/2): the number of points the theorem says two ReLU layers of these widths memorize.</summary>
    public static long TheoremCapacity(int d1, int d2) => 4L * (d1 / 2) * (d2 / 2);

    /// <summary>The smallest d1 + d2 with 4 floor(d1/2) floor(d2/2) &gt;= N.</summary>
    public static int TheoremHiddenUnits(int sampleCount)
    {
        long need = (sampleCount + 3L) / 4;
        long best = long.MaxValue;
        for (long a = 1; a * a <= need + 2 * a; a++)
            best = Math.Min(best, 2 * (a + (need + a - 1) / a));
        return (int)best;
    }

    /// <summary>The values to interpolate: real targets (checked to lie in [-1, 1]), -1 / +1 for two classes, the class index for more.</summary>
    private static double[] Targets(Dataset data)
    {
        if (data.TargetKind == TargetKind.Real)
        {
            ReadOnlySpan<double> y = data.Targets;
            for (int i = 0; i < y.Length; i++)
                if (!(Math.Abs(y[i]) <= 1))
                    throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture,
                        $"yun memorizes real targets in [-1, 1] (the hypothesis of Yun, Sra, Jadbabaie's theorem), but sample {i} of the data ({data.Provenance.Spec}) has target {y[i]:R}. memlab does not rescale silently: divide the targets by their largest |value| first, or use 'build zhang', which takes any real targets."));
            return y.ToArray();
        }
        int k = data.ClassCount, n = data.SampleCount;
        if (k > n)
            throw MemLabException.InvalidData(
                $"The data ({data.Provenance.Spec}) has K = {k} classes but only N = {n} points, so at least {k - n} classes have no point; " +
                "the K-class layer would carry units for classes that never occur. Use at most N classes (for example labels=random:K with K <= N).");
        if (k <= 2) return ZhangConstruction.SignTargets(data.Labels);
        ReadOnlySpan<int> labels = data.Labels;
        var index = new double[n];
        for (int i = 0; i < n; i++) index[i] = labels[i];
        return index;
    }

    /// <summary>
    /// The first position of each block, then N: at most <paramref name="blocks"/> blocks of at most
    /// <paramref name="capacity"/> points, whose smallest cut gap is as large as possible.
    /// </summary>
    internal static int[] Partition(double[] s, int blocks, int capacity)
    {
        int n = s.Length;
        var gaps = new double[Math.Max(n - 1, 0)];
        for (int i = 0; i + 1 < n; i++) gaps[i] = s[i + 1] - s[i];
        double[] sorted = (double[])gaps.Clone();
        Array.Sort(sorted);
        var lastAllowed = new int[n];
        // Invariant: cutting at gaps >= sorted[low] is feasible (all gaps allowed needs ceil(N / Q) <= P blocks).
        int low = 0, high = sorted.Length - 1;
        if (Cuts(gaps, double.PositiveInfinity, blocks, capacity, lastAllowed) is { } none) return none;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (Cuts(gaps, sorted[middle], blocks, capacity, lastAllowed) is not null) low = middle;
            else high = middle - 1;
        }
        return Cuts(gaps, sorted.Length > 0 ? sorted[low] : 0, blocks, capacity, lastAllowed)
            ?? throw new InvalidOperationException($"{blocks} blocks of {capacity} cannot hold {n} points.");
    }

    /// <summary>
    /// Greedy partition using only cuts at gaps &gt;= <paramref name="threshold"/>, each block as long as allowed; null when
    /// it needs more than <paramref name="blocks"/> blocks or a block cannot end at an allowed cut.
    /// </summary>
    private static int[]? Cuts(double[] gaps, double threshold, int blocks, int capacity, int[] lastAllowed)
    {
        int n = gaps.Length + 1;
        lastAllowed[0] = 0;
        for (int x = 1; x < n; x++) lastAllowed[x] = gaps[x - 1] >= threshold ? x : lastAllowed[x - 1];
        var starts = new List<int> { 0 };
        int start = 0;
        while (n - start > capacity)
        {
            int cut = lastAllowed[start + capacity];
            if (cut <= start || starts.Count == blocks) return null;
            starts.Add(cut);
            start = cut;
        }
        starts.Add(n);
        return starts.ToArray();
    }

    /// <summary>r_j = ReLU(f - j) for j = -1 .. K: the layer-2 outputs with the output's signs and bias C - j.</summary>
    private static DenseLayer RampLayer(double[] signs, double offset, int classCount)
    {
        int q = signs.Length, units = classCount + 2;
        var weights = new double[(long)units * q];
        var bias = new double[units];
        for (int m = 0; m < units; m++)
        {
            signs.CopyTo(weights, (long)m * q);
            bias[m] = offset - (m - 1);
        }
        return new DenseLayer(q, units, weights, bias, Activation.Relu);
    }

    /// <summary>logit_k = r_(k-1) - 2 r_k + r_(k+1); r_j is unit j + 1 of the ramp layer.</summary>
    private static DenseLayer HatLayer(int classCount)
    {
        int inputs = classCount + 2;
        var weights = new double[(long)classCount * inputs];
        for (int c = 0; c < classCount; c++)
        {
            weights[(long)c * inputs + c] = 1;
            weights[(long)c * inputs + c + 1] = -2;
            weights[(long)c * inputs + c + 2] = 1;
        }
        return new DenseLayer(inputs, classCount, weights, new double[classCount], Activation.Identity);
    }
}

using System.Globalization;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// The generalizable memorization construction of Yu, Gao, Zhang and Miao (docs/algorithms.md section 5): a greedy cover
/// of the training set by centres, and a ReLU network that outputs the label of the nearest centre.
/// <para>
/// Centres: the points are scanned in <see cref="NearestCentreOptions.Order"/>; a point becomes a centre of its class
/// when no centre of its class chosen before it lies within its radius r(x). The radius is Fraction x delta
/// (<see cref="RadiusRule.Auto"/>), a given R &lt; delta (<see cref="RadiusRule.Fixed"/>), or Fraction x m(x)
/// (<see cref="RadiusRule.Adaptive"/>), where m(x) is the distance from x to the nearest training point of another
/// class and delta = min m(x) is the class separation.
/// </para>
/// <para>
/// Why it memorizes: take a training point x of class y. It is a centre, or a centre c of class y lies within r(x) of
/// it. Every centre c' of another class is a training point of another class, so |x - c'| &gt;= m(x) &gt;= delta. Every
/// rule keeps r(x) &lt; m(x) (Fraction &lt; 1 and R &lt; delta &lt;= m(x)), so |x - c| &lt; |x - c'|: the nearest centre has
/// x's label, by a margin in squared distance of at least m(x)^2 - r(x)^2 &gt;= (1 - Fraction^2) delta^2 (Auto and
/// Adaptive) or delta^2 - R^2 (Fixed). A radius of delta or more breaks this (a point at distance delta from an
/// other-class point may be covered by a centre as far away), so it is refused.
/// </para>
/// <para>
/// Network: |x - c|^2 = |x|^2 - s_c(x) with the affine score s_c(x) = 2 c.x - |c|^2, so the nearest centre has the
/// largest score; output k is the maximum of class k's scores (<see cref="MaxTree"/>: a dense score layer, then a ReLU
/// tree of depth ceil(log2 C_k) in sparse layers, so C (d + 1) + O(C) parameters for C centres), and the Argmax rule
/// picks the class (a tie is a failure, never broken silently). The float64 verification on every training point is
/// the judge.
/// </para>
/// </summary>
/// <remarks>
/// Implements the memorization algorithm of Yu, Gao, Zhang, Miao, "Generalizability of memorization neural networks"
/// (NeurIPS 2024), Theorem 7.3, as docs/algorithms.md section 5 reads it (the paper's pseudo-code was not available):
/// centres by a greedy cover at a fraction of the class separation, and a nearest-centre ReLU network.
/// </remarks>
[Source("Yu, Gao, Zhang, Miao (2024), \"Generalizability of memorization neural networks\", NeurIPS 2024",
    Algorithm = "Theorem 7.3: greedy cover by centres, nearest-centre ReLU network")]
public sealed class NearestCentreConstruction(IBlas blas, IProgress<double>? progress = null)
    : Construction<NearestCentreOptions, NearestCentreDetails>(ConstructionId, blas, progress, Needs)
{
    /// <summary>The stable id, "nearest-centre".</summary>
    public const string ConstructionId = "nearest-centre";

    /// <summary>The construction proper (see the type's summary).</summary>
    /// <param name="data">Labelled points, at least two classes, none empty, no conflicting duplicates.</param>
    /// <param name="options">The radius rule, fraction, scan order and size limit.</param>
    /// <param name="seed">Draws the scan order when it is <see cref="CentreOrder.Shuffled"/> (<c>seed.Derive("order")</c>); unused otherwise.</param>
    /// <exception cref="MemLabException">
    /// Real targets, fewer than two classes, an empty class or conflicting duplicates (InvalidData); a fixed radius
    /// not below delta (HypothesisViolated, naming the largest radius allowed); or a network above
    /// <see cref="NearestCentreOptions.MaxParameters"/> (InvalidOptions).
    /// </exception>
    protected override (Network Network, NearestCentreDetails Details) BuildNetwork(Dataset data, NearestCentreOptions options, Seed seed)
    {
        int n = data.SampleCount;

        var (separation, nearest) = CentreCover.NearestOtherClass(data, Blas);
        int closest = 0;
        for (int i = 1; i < n; i++)
            if (separation[i] < separation[closest]) closest = i;
        double deltaSquared = separation[closest];
        double delta = Math.Sqrt(deltaSquared);
        var pair = new SamplePair(Math.Min(closest, nearest[closest]), Math.Max(closest, nearest[closest]));
        Progress?.Report(0.3);

        var squaredRadius = new double[n];
        double? radius = null;
        switch (options.Rule)
        {
            case RadiusRule.Auto:
                radius = options.Fraction * delta;
                Array.Fill(squaredRadius, radius.Value * radius.Value);
                break;
            case RadiusRule.Fixed:
                if (!(options.Radius * options.Radius < deltaSquared))
                    throw MemLabException.HypothesisViolated(string.Create(CultureInfo.InvariantCulture,
                        $"The radius {options.Radius:G6} is not below the class separation delta = {delta:G6} (samples {pair.First} and {pair.Second}, " +
                        $"of classes {data.ClassNames[data.Labels[pair.First]]} and {data.ClassNames[data.Labels[pair.Second]]}), so a training point " +
                        $"could be nearer to a centre of another class than to its own: memorization is not guaranteed. Pass a radius below " +
                        $"{delta:G6} (the maximum, exclusive), or the auto rule ({options.Fraction:G3} x delta = {options.Fraction * delta:G6})."));
                radius = options.Radius;
                Array.Fill(squaredRadius, radius.Value * radius.Value);
                break;
            case RadiusRule.Adaptive:
                for (int i = 0; i < n; i++) squaredRadius[i] = options.Fraction * options.Fraction * separation[i];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Rule, "Unknown radius rule.");
        }

        int[] order = options.Order == CentreOrder.Shuffled ? seed.Derive("order").CreateRng().Permutation(n) : Enumerable.Range(0, n).ToArray();
        int[][] centres = CentreCover.Greedy(data, squaredRadius, order, Blas);
        int[] perClass = centres.Select(c => c.Length).ToArray();
        Progress?.Report(0.6);

        long parameters = MaxTree.ParameterCount(data.FeatureCount, perClass);
        if (parameters > options.MaxParameters)
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"The nearest-centre network for {perClass.Sum():N0} centres ({string.Join(", ", perClass)} per class) would have {parameters:N0} parameters " +
                $"({parameters * 8.0 / (1 << 30):F1} GiB), above the limit of {options.MaxParameters:N0}: the score layer holds d + 1 values per centre. " +
                $"Use the adaptive radius rule (fewer centres, the same guarantee), a larger radius or fraction, fewer points, " +
                $"or raise the limit (--max-parameters)."));

        var network = new Network(MaxTree.Build(data, centres), OutputRule.Argmax,
            Provenance(options, seed, data));
        bool adaptive = options.Rule == RadiusRule.Adaptive;
        return (network, new NearestCentreDetails
        {
            Rule = options.Rule,
            Radius = radius,
            MinRadius = adaptive ? options.Fraction * delta : null,
            MaxRadius = adaptive ? options.Fraction * Math.Sqrt(separation.Max()) : null,
            Fraction = options.Rule == RadiusRule.Fixed ? null : options.Fraction,
            ClassSeparation = delta,
            ClassSeparationPair = pair,
            Order = options.Order,
            CentresPerClass = perClass,
            Depth = network.Layers.Count,
        });
    }

    private static readonly ClassRequirement Needs = new("The nearest-centre construction", NoConflictingDuplicates: true,
        ClassCountHint: "Use data with two or more classes (for a pair, classes=i-j with two different classes).",
        EmptyClassHint: "Check the class list (classes=i-j) and any subsample or holdout step.");
}

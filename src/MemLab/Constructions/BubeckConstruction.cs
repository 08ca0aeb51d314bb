using System.Numerics.Tensors;
using MemLab.Constructions.Slabs;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// The ReLU construction of Bubeck, Eldan, Lee and Mikulincer for real targets (docs/algorithms.md section 3): all points
/// are split into groups of r points (r = d, or the numerical rank when the data lies in a subspace); each group gets
/// the hyperplane w.x = b through its points, eps = half the distance from it to the nearest other point, and the
/// affine map lambda(x) = v.x + c that equals the targets on the group (v orthogonal to w, the smallest such v). With
/// delta = eps / (2 max_i |lambda(x_i)|) the four units
/// (w + delta v, -b + eps + delta c, +1/delta), (w, -b + eps, -1/delta), (w + delta v, -b - eps + delta c, -1/delta),
/// (w, -b - eps, +1/delta) (weights, bias, output weight) add up to lambda(x) on the group and to exactly 0 at every
/// other data point. About 4 N / r hidden units; parameters with G groups: 4G(d + 1) + 4G + 1.
/// K outputs share the two units without v (v enters the first-layer weights, so the other two are per output):
/// 2 + 2K units per group and G(2 + 2K)(d + 1) + K(G(2 + 2K) + 1) parameters. Classification runs through it: two
/// classes interpolate -1/+1 read by sign, K &gt; 2 classes interpolate one-hot codes read by argmax.
/// The output weights grow like 1/delta, and so does float64 rounding: the report gives both, and verification
/// says whether the error stays within the tolerance.
/// </summary>
/// <remarks>
/// Implements S. Bubeck, R. Eldan, Y. T. Lee, D. Mikulincer, "Network size and weights size for memorization with
/// two-layers neural networks", NeurIPS 2020 (the construction with about 4 ceil(N/d) ReLU units).
/// </remarks>
[Source("Bubeck, Eldan, Lee, Mikulincer (2020), \"Network size and weights size for memorization with two-layers neural networks\", NeurIPS 2020",
    Algorithm = "4 ceil(N/d) ReLU units from hyperplane slabs")]
public sealed class BubeckConstruction(IBlas blas) : Construction<BubeckOptions, BubeckDetails>(ConstructionId, blas, null)
{
    /// <summary>The stable id, "bubeck".</summary>
    public const string ConstructionId = "bubeck";

    private const double UnitRoundoff = 1.0 / (1L << 53);

    /// <summary>The construction proper (see the type's summary).</summary>
    /// <param name="data">Distinct points with real targets, or with at least two classes.</param>
    /// <param name="options">The rounding safety ratio and the verification tolerance.</param>
    /// <param name="seed">Orders the points into groups and draws virtual points (<c>seed.Derive("groups")</c>).</param>
    /// <exception cref="MemLabException">
    /// Fewer than two classes or duplicate points (InvalidData); points that stay affinely dependent after regrouping
    /// (HypothesisViolated).
    /// </exception>
    protected override (Network Network, BubeckDetails Details) BuildNetwork(Dataset data, BubeckOptions options, Seed seed)
    {
        var (kind, k, targets) = Targets(data);
        GeneralPosition.RequireDistinct(data, "The Bubeck et al. construction");

        int n = data.SampleCount;
        var coordinates = WorkingCoordinates.Of(data, Blas);
        var grouping = SlabGrouping.Build(coordinates, Enumerable.Range(0, n).ToArray(), new bool[n], targets, k,
            options.RoundingSafety, seed.Derive("groups"), Blas);

        int r = coordinates.Dimension, groups = grouping.Groups.Count, perGroup = 2 + 2 * k, units = groups * perGroup;
        var weights = new double[(long)units * r];
        var bias = new double[units];
        var outputWeights = new double[(long)k * units];
        double smallestDelta = double.PositiveInfinity, rounding = 0;
        double far = coordinates.LargestRawNorm + coordinates.MeanNorm;
        for (int g = 0; g < groups; g++)
        {
            SlabGroup group = grouping.Groups[g];
            double eps = group.Eps, delta = group.LargestFit > 0 ? eps / (2 * group.LargestFit) : eps / 2;
            smallestDelta = Math.Min(smallestDelta, delta);
            rounding += 4 * (far + Math.Abs(group.Offset) + 2 * eps) / delta;
            int first = g * perGroup;
            group.Normal.CopyTo(weights.AsSpan(first * r, r));
            group.Normal.CopyTo(weights.AsSpan((first + 1) * r, r));
            bias[first] = -group.Offset + eps;
            bias[first + 1] = -group.Offset - eps;
            for (int j = 0; j < k; j++)
            {
                outputWeights[(long)j * units + first] = -1 / delta;
                outputWeights[(long)j * units + first + 1] = 1 / delta;
                int plus = first + 2 + 2 * j, minus = plus + 1;
                ReadOnlySpan<double> fit = group.Fits.AsSpan(j * r, r);
                TensorPrimitives.MultiplyAdd(fit, delta, group.Normal, weights.AsSpan(plus * r, r));
                TensorPrimitives.MultiplyAdd(fit, delta, group.Normal, weights.AsSpan(minus * r, r));
                bias[plus] = -group.Offset + eps + delta * group.FitOffsets[j];
                bias[minus] = -group.Offset - eps + delta * group.FitOffsets[j];
                outputWeights[(long)j * units + plus] = 1 / delta;
                outputWeights[(long)j * units + minus] = -1 / delta;
            }
        }
        var (rawWeights, rawBias) = coordinates.ToRaw(weights, bias, units, Blas);
        if (!AllFinite(rawWeights) || !AllFinite(rawBias) || !AllFinite(outputWeights))
            throw MemLabException.HypothesisViolated(
                $"The Bubeck et al. construction: the points are too close for double precision (smallest slab width delta = {smallestDelta:G3}); " +
                "its weights scale as 1/delta and overflow. Points this close cannot be separated by this construction.");
        var network = new Network(
            [
                new DenseLayer(data.FeatureCount, units, rawWeights, rawBias, Activation.Relu),
                new DenseLayer(units, k, outputWeights, new double[k], Activation.Identity),
            ],
            kind switch { BubeckTargets.Real => OutputRule.Value, BubeckTargets.SignedBinary => OutputRule.Sign, _ => OutputRule.Argmax },
            Provenance(options, seed, data));
        return (network, new BubeckDetails
        {
            Targets = kind,
            OutputCount = k,
            UnitsPerGroup = perGroup,
            SmallestDelta = smallestDelta,
            LargestOutputWeight = 1 / smallestDelta,
            RoundingErrorEstimate = UnitRoundoff * rounding,
            ParametersPerPoint = (double)network.ParameterCount / n,
            GeneralPosition = GeneralPosition.Describe(coordinates, grouping, options.RoundingSafety, n),
        });
    }

    /// <summary>The options' verification tolerance.</summary>
    protected override double Tolerance(BubeckOptions options) => options.Tolerance;

    /// <summary>What to interpolate: the targets as an N x K row-major matrix.</summary>
    private static (BubeckTargets Kind, int Outputs, double[] Targets) Targets(Dataset data)
    {
        int n = data.SampleCount;
        if (data.TargetKind == TargetKind.Real) return (BubeckTargets.Real, 1, data.Targets.ToArray());
        int k = data.ClassCount;
        if (k < 2)
            throw MemLabException.InvalidData(
                $"Classification through the Bubeck et al. construction needs at least two classes, but the data ({data.Provenance.Spec}) has {k}. " +
                "Use data with two or more classes, or real targets.");
        ReadOnlySpan<int> labels = data.Labels;
        if (k == 2)
        {
            var signed = new double[n];
            for (int i = 0; i < n; i++) signed[i] = labels[i] == 1 ? 1 : -1;
            return (BubeckTargets.SignedBinary, 1, signed);
        }
        var oneHot = new double[(long)n * k];
        for (int i = 0; i < n; i++) oneHot[(long)i * k + labels[i]] = 1;
        return (BubeckTargets.OneHot, k, oneHot);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double value in values)
            if (!double.IsFinite(value)) return false;
        return true;
    }
}

using MemLab.Constructions.Slabs;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// Baum's construction for binary labels with threshold units (docs/algorithms.md section 3): the smaller class S is split
/// into groups of r points (r = d, or the numerical rank when the data lies in a subspace); each group gets the
/// hyperplane w.x = b through its points and eps = half the distance from it to the nearest point of the other
/// class; two threshold units H(w.x - b + eps) - H(w.x - b - eps) are 1 exactly on the slab |w.x - b| &lt;= eps, so on
/// the group and on no point of the other class; the output H(sum - 1/2) (H(1/2 - sum) when S is class 0) is the
/// OR of the slabs. About 2 N_S / r hidden units for N_S points in S. Parameters with G groups:
/// 2G(d + 1) + 2G + 1. Grouping, projection and the rounding check are described in <see cref="SlabGrouping"/>.
/// </summary>
/// <remarks>Implements E. B. Baum, "On the capabilities of multilayer perceptrons", Journal of Complexity 4 (1988).</remarks>
[Source("Baum (1988), \"On the capabilities of multilayer perceptrons\", Journal of Complexity 4",
    Algorithm = "hyperplane slabs through groups of d points")]
public sealed class BaumConstruction(IBlas blas) : Construction<BaumOptions, BaumDetails>(ConstructionId, blas, null, Needs)
{
    /// <summary>The stable id, "baum".</summary>
    public const string ConstructionId = "baum";

    /// <summary>The construction proper (see the type's summary).</summary>
    /// <param name="data">Points with exactly two classes, both non-empty, all distinct.</param>
    /// <param name="options">The rounding safety ratio.</param>
    /// <param name="seed">Orders the points into groups and draws virtual points (<c>seed.Derive("groups")</c>).</param>
    /// <exception cref="MemLabException">
    /// Real targets, other than two classes, an empty class or duplicate points (InvalidData); points that stay
    /// affinely dependent after regrouping (HypothesisViolated).
    /// </exception>
    protected override (Network Network, BaumDetails Details) BuildNetwork(Dataset data, BaumOptions options, Seed seed)
    {
        GeneralPosition.RequireDistinct(data, "Baum's construction");

        ReadOnlySpan<int> labels = data.Labels;
        int[] sizes = data.ClassSizes();
        int grouped = sizes[0] < sizes[1] ? 0 : 1;
        var coordinates = WorkingCoordinates.Of(data, Blas);
        var candidates = new List<int>(sizes[grouped]);
        var exempt = new bool[data.SampleCount];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != grouped) continue;
            exempt[i] = true;
            candidates.Add(i);
        }
        var grouping = SlabGrouping.Build(coordinates, candidates.ToArray(), exempt, null, 0, options.RoundingSafety, seed.Derive("groups"), Blas);

        int r = coordinates.Dimension, groups = grouping.Groups.Count, units = 2 * groups;
        var weights = new double[(long)units * r];
        var bias = new double[units];
        for (int g = 0; g < groups; g++)
        {
            SlabGroup group = grouping.Groups[g];
            group.Normal.CopyTo(weights.AsSpan(2 * g * r, r));
            group.Normal.CopyTo(weights.AsSpan((2 * g + 1) * r, r));
            bias[2 * g] = -group.Offset + group.Eps;
            bias[2 * g + 1] = -group.Offset - group.Eps;
        }
        var (rawWeights, rawBias) = coordinates.ToRaw(weights, bias, units, Blas);
        double sign = grouped == 1 ? 1 : -1;
        var outputWeights = new double[units];
        for (int g = 0; g < groups; g++) (outputWeights[2 * g], outputWeights[2 * g + 1]) = (sign, -sign);
        var network = new Network(
            [
                new DenseLayer(data.FeatureCount, units, rawWeights, rawBias, Activation.Threshold),
                new DenseLayer(units, 1, outputWeights, [-sign / 2], Activation.Threshold),
            ],
            OutputRule.Sign,
            Provenance(options, seed, data));
        return (network, new BaumDetails
        {
            GroupedClass = grouped,
            ParametersPerPoint = (double)network.ParameterCount / data.SampleCount,
            GeneralPosition = GeneralPosition.Describe(coordinates, grouping, options.RoundingSafety, candidates.Count),
        });
    }

    private static readonly ClassRequirement Needs = new("Baum's construction", MaxClasses: 2,
        RealTargetsHint: "Use labelled data, or 'build bubeck' for real targets.",
        ClassCountHint: "Keep two classes (for example classes=3-8 in the data spec), or use 'build bubeck', which takes K classes.");
}

using System.ComponentModel;
using System.Globalization;

namespace MemLab.Constructions;

/// <summary>
/// Options for <see cref="FinkeConstruction"/> (Dirksen, Finke, Genzel 2024, "Memorization with neural nets:
/// going beyond the worst case"; docs/algorithms.md section 1).
/// </summary>
public sealed record FinkeOptions : ConstructionOptions
{
    /// <summary>
    /// First-layer width n. Default 500: the paper's MNIST experiment interpolates all 70,000 images from about
    /// n = 180 and its moons experiment from about n = 200, so 500 leaves room on both; the cost is d n first-layer
    /// weights. Must be >= 1.
    /// </summary>
    [Description("First-layer width n (>= 1).")]
    public int Width { get; init; } = 500;

    /// <summary>
    /// First-layer biases are drawn from Uniform[-Lambda, Lambda] (after the data is divided by its largest norm).
    /// Default 0.5: on centred data such as two moons Lambda = 0 never interpolates (every hyperplane passes through
    /// the origin) and the paper finds 0.5 to 1 best; on data in one orthant such as MNIST pixels the paper finds
    /// Lambda = 0 best, so pass 0 there. Must be finite and >= 0.
    /// </summary>
    [Description("Biases ~ Uniform[-lambda, lambda] on data scaled into the unit ball (>= 0; 0.5-1 for centred data such as moons, 0 for MNIST).")]
    public double Lambda { get; init; } = 0.5;

    /// <summary>
    /// The first layer's nonlinearity: <see cref="MemLab.Activation.Threshold"/> (default, the paper's main case;
    /// inner products are exact integers computed by popcount) or <see cref="MemLab.Activation.Relu"/>. The second
    /// layer and the output are threshold units either way.
    /// </summary>
    [Description("First-layer nonlinearity.")]
    public Activation Activation { get; init; } = Activation.Threshold;

    /// <summary>How the second layer is pruned. Default <see cref="Constructions.Cover.Greedy"/>: fewer neurons than the authors' random cover.</summary>
    [Description("How the second layer is pruned: greedy (fewest neurons), random (the authors' randomized cover), none (one neuron per point).")]
    public Cover Cover { get; init; } = Cover.Greedy;

    /// <summary>
    /// How far each second-layer neuron reaches (see <see cref="Constructions.CoverReach"/>). Default null:
    /// <see cref="CoverReach.Full"/> for threshold first layers and <see cref="CoverReach.Half"/> for ReLU. Full needs
    /// the threshold activation. The paper (seed 003, docs/algorithms.md section 1) writes the neuron as
    /// H(m/2 - &lt;U, z&gt;), which is <see cref="CoverReach.Half"/>; but the widths it reports (about 6 on moons, n = 200,
    /// lambda = 0.5) are those of <see cref="CoverReach.Full"/> (memlab: 6.2 over 50 seeds; Half: about 13), and Full
    /// is just as exact for integer inner products, so Full is the default.
    /// </summary>
    [Description("How far each second-layer neuron reaches: full (fire below m; the paper's widths; threshold only) or half (fire below m/2; a wider margin, about 4x the neurons). Default: full for threshold, half for relu.")]
    public CoverReach? Reach { get; init; }

    /// <summary>The reach in effect: <see cref="Reach"/>, or its default for <see cref="Activation"/>.</summary>
    public CoverReach EffectiveReach => Reach ?? (Activation == Activation.Threshold ? CoverReach.Full : CoverReach.Half);

    /// <inheritdoc/>
    public override IEnumerable<string> Problems()
    {
        if (Width < 1)
            yield return $"Width (n) must be >= 1; got {Width}. Pass a first-layer width such as 500.";
        if (!(double.IsFinite(Lambda) && Lambda >= 0))
            yield return $"Lambda must be finite and >= 0; got {Lambda.ToString(CultureInfo.InvariantCulture)}. Pass a bias range such as 0.5 (or 0 for data in one orthant).";
        if (Activation is not (Activation.Threshold or Activation.Relu))
            yield return $"Activation must be Threshold or Relu; got {Activation}.";
        if (!Enum.IsDefined(Cover))
            yield return $"Cover must be Greedy, Random or None; got {Cover}.";
        if (Reach is { } reach && !Enum.IsDefined(reach))
            yield return $"Reach must be Full or Half; got {reach}.";
        if (Reach == CoverReach.Full && Activation == Activation.Relu)
            yield return "Reach Full needs the threshold activation (its inner products are integers, so m - 1/2 keeps a margin); with Relu use Reach Half.";
    }
}

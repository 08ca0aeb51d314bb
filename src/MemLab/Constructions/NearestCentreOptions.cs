using System.ComponentModel;
using System.Globalization;

namespace MemLab.Constructions;

/// <summary>
/// Options for <see cref="NearestCentreConstruction"/> (Yu, Gao, Zhang, Miao 2024, generalizable memorization;
/// docs/algorithms.md section 5).
/// </summary>
public sealed record NearestCentreOptions : ConstructionOptions
{
    /// <summary>How the cover radius is chosen. Default <see cref="RadiusRule.Auto"/> (Fraction x delta for every point).</summary>
    [ParameterName("radius")]
    [Description("Cover radius: auto (fraction x delta, delta = the smallest distance between classes), adaptive (fraction x each point's distance to the other classes: fewer centres, the same guarantee), or a number below delta.")]
    public RadiusRule Rule { get; init; } = RadiusRule.Auto;

    /// <summary>
    /// The radius for <see cref="RadiusRule.Fixed"/> (ignored otherwise). Default 0 (every distinct point is a centre).
    /// Must be finite and >= 0, and below the class separation delta (checked at build time, where delta is known).
    /// </summary>
    [ParameterName("radius")]
    public double Radius { get; init; }

    /// <summary>
    /// The fraction of delta (<see cref="RadiusRule.Auto"/>) or of each point's distance to the other classes
    /// (<see cref="RadiusRule.Adaptive"/>) used as radius. Default 0.5: a training point's own-class centre is then at
    /// most half as far as any other-class centre, so its squared-distance margin is at least 3/4 delta^2. Must be in [0, 1).
    /// </summary>
    [ParameterName("radius_fraction")]
    [Description("The fraction used by auto and adaptive, in [0, 1).")]
    public double Fraction { get; init; } = 0.5;

    /// <summary>The order of the greedy scan. Default <see cref="CentreOrder.Data"/>.</summary>
    [Description("Order of the greedy scan: data (data order) or shuffled (a permutation drawn from the seed).")]
    public CentreOrder Order { get; init; } = CentreOrder.Data;

    /// <summary>
    /// The largest network to build, in parameters (every stored weight and bias: d + 1 per centre in the score layer,
    /// a few more per centre in the sparse max-tree). Default 50,000,000 (400 MB of float64). Must be >= 1.
    /// </summary>
    [Description("Refuse to build a larger network (about d + 1 per centre: the score layer, and a few per centre in the sparse max-tree).")]
    public long MaxParameters { get; init; } = 50_000_000;

    /// <summary>
    /// These options with the radius written as on the command line and in sweeps (the <c>radius</c> parameter): "auto" (<see cref="RadiusRule.Auto"/>),
    /// "adaptive" (<see cref="RadiusRule.Adaptive"/>) or a number (<see cref="RadiusRule.Fixed"/> with that radius).
    /// </summary>
    /// <exception cref="MemLabException">The text is none of these (InvalidOptions).</exception>
    public NearestCentreOptions WithRadius(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Equals("auto", StringComparison.OrdinalIgnoreCase)) return this with { Rule = RadiusRule.Auto };
        if (trimmed.Equals("adaptive", StringComparison.OrdinalIgnoreCase)) return this with { Rule = RadiusRule.Adaptive };
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double radius))
            return this with { Rule = RadiusRule.Fixed, Radius = radius };
        throw MemLabException.InvalidOptions(
            $"The radius '{text}' is not valid; give auto (a fraction of the class separation), adaptive (a fraction of each point's distance to the other classes) or a number such as 2.5.");
    }

    /// <summary>The radius as <see cref="WithRadius"/> reads it: "auto", "adaptive" or the fixed radius (exact).</summary>
    public string RadiusText() => Rule switch
    {
        RadiusRule.Auto => "auto",
        RadiusRule.Adaptive => "adaptive",
        _ => Radius.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <inheritdoc/>
    public override IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Rule))
            yield return $"Rule must be Auto, Fixed or Adaptive; got {Rule}.";
        if (!(double.IsFinite(Radius) && Radius >= 0))
            yield return $"Radius must be finite and >= 0; got {Radius.ToString(CultureInfo.InvariantCulture)}. Pass a distance below the class separation, or use the auto rule.";
        if (!(double.IsFinite(Fraction) && Fraction >= 0 && Fraction < 1))
            yield return $"Fraction must be in [0, 1); got {Fraction.ToString(CultureInfo.InvariantCulture)}. A fraction of 1 or more no longer guarantees memorization; 0.5 is the default.";
        if (!Enum.IsDefined(Order))
            yield return $"Order must be Data or Shuffled; got {Order}.";
        if (MaxParameters < 1)
            yield return $"MaxParameters must be >= 1; got {MaxParameters}.";
    }
}

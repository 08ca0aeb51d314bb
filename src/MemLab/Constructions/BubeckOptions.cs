using System.ComponentModel;
using System.Globalization;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>Options for <see cref="BubeckConstruction"/> (Bubeck, Eldan, Lee, Mikulincer 2020; docs/algorithms.md section 3).</summary>
public sealed record BubeckOptions : ConstructionOptions
{
    /// <summary>
    /// How many times the float64 rounding bound of w.x - b each group's eps must be (see
    /// <see cref="GeneralPositionReport.SmallestSafetyRatio"/>); groups below it are regrouped. Default 1e4. Must be
    /// finite and >= 1.
    /// </summary>
    [Description("Each group's eps must be this many times its float64 rounding bound, else the group is regrouped (>= 1).")]
    public double RoundingSafety { get; init; } = 1e4;

    /// <summary>
    /// Real targets: the largest |f(x_i) - y_i| that counts as memorized in the float64 verification. Default
    /// <see cref="Verification.DefaultTolerance"/> (1e-6). Must be finite and >= 0. Ignored for class labels.
    /// </summary>
    [Description("Real targets: the largest |f(x) - y| that counts as memorized (>= 0).")]
    public double Tolerance { get; init; } = Verification.DefaultTolerance;

    /// <inheritdoc/>
    public override IEnumerable<string> Problems()
    {
        if (!(double.IsFinite(RoundingSafety) && RoundingSafety >= 1))
            yield return $"RoundingSafety must be finite and >= 1; got {RoundingSafety.ToString(CultureInfo.InvariantCulture)}. Pass a ratio such as 1e4.";
        if (!(double.IsFinite(Tolerance) && Tolerance >= 0))
            yield return $"Tolerance must be finite and >= 0; got {Tolerance.ToString(CultureInfo.InvariantCulture)}. Pass an absolute error such as 1e-6.";
    }
}

using System.ComponentModel;
using System.Globalization;

namespace MemLab.Constructions;

/// <summary>Options for <see cref="BaumConstruction"/> (Baum 1988; docs/algorithms.md section 3).</summary>
public sealed record BaumOptions : ConstructionOptions
{
    /// <summary>
    /// How many times the float64 rounding bound of w.x - b each group's eps must be (see
    /// <see cref="GeneralPositionReport.SmallestSafetyRatio"/>); groups below it are regrouped. Default 1e4: a
    /// threshold decision then survives rounding errors 10,000 times the worst-case bound. Must be finite and >= 1.
    /// </summary>
    [Description("Each group's eps must be this many times its float64 rounding bound, else the group is regrouped (>= 1).")]
    public double RoundingSafety { get; init; } = 1e4;

    /// <inheritdoc/>
    public override IEnumerable<string> Problems()
    {
        if (!(double.IsFinite(RoundingSafety) && RoundingSafety >= 1))
            yield return $"RoundingSafety must be finite and >= 1; got {RoundingSafety.ToString(CultureInfo.InvariantCulture)}. Pass a ratio such as 1e4.";
    }
}

using System.Globalization;

namespace MemLab.Training;

/// <summary>
/// What "memorized" means for real targets (seed 000's definition f(x_i) = y_i, up to a tolerance): every
/// |f(x_i) - y_i| at most the tolerance. The default tolerance scales with the targets: 1e-3 times their range
/// (max - min), or 1e-3 when every target is the same.
/// </summary>
public static class TargetTolerance
{
    /// <summary>The default tolerance's fraction of the range of the targets.</summary>
    public const double RangeFraction = 1e-3;

    /// <summary>The tolerance in effect on <paramref name="data"/>: <paramref name="given"/>, else the default; null for class labels.</summary>
    public static double? For(Dataset data, double? given)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.TargetKind != TargetKind.Real) return null;
        if (given is { } value) return value;
        var targets = data.Targets;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double y in targets)
        {
            min = Math.Min(min, y);
            max = Math.Max(max, y);
        }
        double range = max - min;
        return range > 0 ? RangeFraction * range : RangeFraction;
    }

    /// <summary>Refuses real targets with a loss other than the square loss, in one line.</summary>
    /// <exception cref="MemLabException">(InvalidData) real targets with a classification loss.</exception>
    public static void RequireSquareLoss(Dataset data, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.TargetKind == TargetKind.Real && loss != Loss.Square)
            throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture,
                $"The data ({data.Provenance.Spec}) has real targets, which only the square loss fits (one output, memorized when every |f(x) - y| is within the tolerance); the {LossWord(loss)} loss classifies. Use --loss square."));
    }

    private static string LossWord(Loss loss) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(loss.ToString());
}

using System.Globalization;

namespace MemLab.Data.Loaders;

/// <summary>
/// The one conversion of a file's feature value to the float32 memlab stores features in, refusing what float32
/// cannot hold instead of storing infinity, or 0 for a tiny non-zero value (which would then show up as a
/// misleading duplicate).
/// </summary>
internal static class FeatureValue
{
    /// <summary>The float32 of <paramref name="value"/>, or the reason it has none (null when it converts).</summary>
    public static float Narrow(double value, out string? problem)
    {
        float narrow = (float)value;
        problem = null;
        if (!double.IsFinite(value))
            problem = "is not a finite number; remove or impute it";
        else if (float.IsInfinity(narrow))
            problem = string.Create(CultureInfo.InvariantCulture,
                $"is beyond float32's range (magnitude up to {float.MaxValue:G6}), which memlab stores features in; rescale the features");
        else if (narrow == 0 && value != 0)
            problem = string.Create(CultureInfo.InvariantCulture,
                $"is too small for float32 (smallest magnitude {float.Epsilon:G6}), which memlab stores features in, and would become 0; rescale the features");
        return narrow;
    }

    /// <summary>Shows a value as the file holds it: shortest round-trip form.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

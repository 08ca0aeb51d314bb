using System.Globalization;

namespace MemLab.Data.Loaders;

/// <summary>Turns integer labels read from a file into class labels 0 .. K-1 and class names, the same way for every loader.</summary>
internal static class IntegerLabels
{
    /// <summary>
    /// Labels whose distinct values are exactly 0 .. K-1 are kept as they are, with class names "0" .. "K-1".
    /// Any other set of values (a gap such as {3, 8}, negative numbers, large codes) is numbered 0 .. K-1 in
    /// increasing order and the values become the class names, so no empty class is ever created and
    /// <c>classes=3-8</c> still selects by name.
    /// </summary>
    public static (int[] Labels, string[] ClassNames) Encode(ReadOnlySpan<long> values)
    {
        long[] distinct = values.ToArray().Distinct().Order().ToArray();
        var index = new Dictionary<long, int>(distinct.Length);
        for (int k = 0; k < distinct.Length; k++) index[distinct[k]] = k;
        var encoded = new int[values.Length];
        for (int i = 0; i < values.Length; i++) encoded[i] = index[values[i]];
        return (encoded, distinct.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray());
    }
}

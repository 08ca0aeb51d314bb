using System.Globalization;

namespace MemLab.Data.Loaders;

/// <summary>Turns integer labels read from a file into class labels 0 .. K-1 and class names, the same way for every loader.</summary>
internal static class IntegerLabels
{
    /// <summary>Non-negative labels up to this value are kept as they are.</summary>
    public const long LargestKept = 65535;

    /// <summary>
    /// Non-negative labels no larger than <see cref="LargestKept"/> are kept as-is, with class names
    /// "0" .. max (so a subset such as MNIST 3 vs 8 keeps its digits). Otherwise the distinct values are
    /// numbered 0 .. K-1 in increasing order and their decimal forms become the class names.
    /// </summary>
    public static (int[] Labels, string[] ClassNames) Encode(ReadOnlySpan<long> values)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (long v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (min >= 0 && max <= LargestKept)
        {
            var labels = new int[values.Length];
            for (int i = 0; i < values.Length; i++) labels[i] = (int)values[i];
            return (labels, Enumerable.Range(0, (int)max + 1).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray());
        }
        long[] distinct = values.ToArray().Distinct().Order().ToArray();
        var index = new Dictionary<long, int>(distinct.Length);
        for (int k = 0; k < distinct.Length; k++) index[distinct[k]] = k;
        var encoded = new int[values.Length];
        for (int i = 0; i < values.Length; i++) encoded[i] = index[values[i]];
        return (encoded, distinct.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray());
    }
}

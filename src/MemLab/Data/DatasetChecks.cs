using System.Globalization;
using System.Runtime.InteropServices;

namespace MemLab.Data;

/// <summary>
/// The checks of what a method needs of its data: labels of the right number of classes, none empty
/// (<see cref="RequireClasses"/>), and no conflicting duplicates. Exact duplicate detection over feature rows. Rows are grouped by a hash of their float32 values
/// (with -0 and +0 treated as equal) and confirmed by comparing values, so the cost is O(N d).
/// A conflicting duplicate is a pair with identical features but different labels (or different real
/// targets): no function, hence no network, can memorize both points.
/// </summary>
public static class DatasetChecks
{
    /// <summary>
    /// Every point whose features equal those of an earlier point, as the pair (first occurrence, point),
    /// ordered by the later index. A group of k identical rows gives k - 1 pairs.
    /// </summary>
    public static IReadOnlyList<SamplePair> FindDuplicates(Dataset data)
    {
        int[] firstOccurrence = FirstOccurrences(data);
        var pairs = new List<SamplePair>();
        for (int i = 0; i < firstOccurrence.Length; i++)
            if (firstOccurrence[i] != i) pairs.Add(new SamplePair(firstOccurrence[i], i));
        return pairs;
    }

    /// <summary>
    /// Every point whose features equal those of an earlier point with a different label (or target), as the
    /// pair (earliest such earlier point, point), ordered by the later index.
    /// </summary>
    public static IReadOnlyList<SamplePair> FindConflictingDuplicates(Dataset data) =>
        FindConflictingDuplicates(data, FirstOccurrences(data));

    /// <summary><see cref="FindConflictingDuplicates(Dataset)"/> given the output of <see cref="FirstOccurrences(Dataset)"/>.</summary>
    internal static IReadOnlyList<SamplePair> FindConflictingDuplicates(Dataset data, int[] firstOccurrence)
    {
        int n = firstOccurrence.Length;
        // For each group (keyed by its first index): the earliest member whose target differs from the first member's.
        var firstDiffering = new int[n];
        Array.Fill(firstDiffering, -1);
        var pairs = new List<SamplePair>();
        for (int i = 0; i < n; i++)
        {
            int first = firstOccurrence[i];
            if (first == i) continue;
            if (!SameTarget(data, first, i))
            {
                pairs.Add(new SamplePair(first, i));
                if (firstDiffering[first] < 0) firstDiffering[first] = i;
            }
            else if (firstDiffering[first] >= 0)
            {
                pairs.Add(new SamplePair(firstDiffering[first], i));
            }
        }
        return pairs;
    }

    /// <summary>Throws when <paramref name="data"/> is not what <paramref name="requirement"/> asks: real targets, a number of classes out of its range, an empty class, or conflicting duplicates where refused.</summary>
    /// <exception cref="MemLabException">(InvalidData) one line naming the method, what the data has and the requirement's hint.</exception>
    public static void RequireClasses(Dataset data, ClassRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(requirement);
        bool binary = requirement.MaxClasses == 2;
        string spec = data.Provenance.Spec;
        if (data.TargetKind != TargetKind.Classes)
            throw MemLabException.InvalidData(Sentence(
                $"{requirement.Method} memorizes {(binary ? "binary" : "class")} labels, but the data ({spec}) has real targets.", requirement.RealTargetsHint));
        int k = data.ClassCount;
        if (k < requirement.MinClasses || k > requirement.MaxClasses)
        {
            string needed = binary && requirement.MinClasses == 2 ? "binary labels (two classes)"
                : requirement.MaxClasses == int.MaxValue ? $"at least {requirement.MinClasses} classes"
                : $"{requirement.MinClasses} to {requirement.MaxClasses} classes";
            throw MemLabException.InvalidData(Sentence(
                $"{requirement.Method} needs {needed}, but the data ({spec}) has {k} class{(k == 1 ? "" : "es")}.", requirement.ClassCountHint));
        }
        int empty = Array.IndexOf(data.ClassSizes(), 0);
        if (empty >= 0)
            throw MemLabException.InvalidData(Sentence(
                $"Class {empty} ('{data.ClassNames[empty]}') of the data ({spec}) has no points; {requirement.Method} needs at least one point of every class.",
                requirement.EmptyClassHint));
        if (requirement.NoConflictingDuplicates) RequireNoConflictingDuplicates(data);
    }

    private static string Sentence(string fact, string hint) => hint.Length == 0 ? fact : $"{fact} {hint}";

    /// <summary>Throws when two points have identical features but different labels or targets.</summary>
    /// <exception cref="MemLabException">(InvalidData) naming the first such pair and its two labels.</exception>
    public static void RequireNoConflictingDuplicates(Dataset data)
    {
        var conflicts = FindConflictingDuplicates(data);
        if (conflicts.Count == 0) return;
        var (a, b) = conflicts[0];
        string what = data.TargetKind == TargetKind.Classes
            ? $"labels {DescribeLabel(data, a)} and {DescribeLabel(data, b)}"
            : $"targets {data.Targets[a].ToString("R", CultureInfo.InvariantCulture)} and {data.Targets[b].ToString("R", CultureInfo.InvariantCulture)}";
        string more = conflicts.Count > 1 ? $" ({conflicts.Count - 1} more such point{(conflicts.Count > 2 ? "s" : "")} follow)" : "";
        throw MemLabException.InvalidData(
            $"Samples {a} and {b} have identical features but {what}; no network can memorize both{more}. Remove one of each conflicting pair or fix its label.");
    }

    /// <summary>For each point, the index of the first point with identical features (itself when it is the first).</summary>
    internal static int[] FirstOccurrences(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var hashes = new ulong[data.SampleCount];
        int i = 0;
        for (; i + 4 <= hashes.Length; i += 4) RowHashes(data, i, hashes);
        for (; i < hashes.Length; i++) hashes[i] = RowHash(data.Row(i));
        return FirstOccurrences(data, hashes);
    }

    /// <summary><see cref="FirstOccurrences(Dataset)"/> given a hash of each row (equal rows must have equal hashes; tests give colliding ones).</summary>
    internal static int[] FirstOccurrences(Dataset data, ulong[] hashes)
    {
        int n = data.SampleCount;
        // The first row of each hash; the rare later rows with the same hash but other values go to a list per hash.
        var firstByHash = new Dictionary<ulong, int>(n);
        Dictionary<ulong, List<int>>? others = null;
        var firstOccurrence = new int[n];
        for (int i = 0; i < n; i++)
        {
            firstOccurrence[i] = i;
            ref int first = ref CollectionsMarshal.GetValueRefOrAddDefault(firstByHash, hashes[i], out bool seen);
            if (!seen)
            {
                first = i;
                continue;
            }
            if (SameFeatures(data.Row(first), data.Row(i)))
            {
                firstOccurrence[i] = first;
                continue;
            }
            others ??= [];
            ref List<int>? rest = ref CollectionsMarshal.GetValueRefOrAddDefault(others, hashes[i], out _);
            rest ??= [];
            int match = rest.FindIndex(j => SameFeatures(data.Row(j), data.Row(i)));
            if (match >= 0) firstOccurrence[i] = rest[match];
            else rest.Add(i);
        }
        return firstOccurrence;
    }

    /// <summary>Value equality, so -0 equals +0 (NaN cannot occur: datasets reject it).</summary>
    private static bool SameFeatures(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (int k = 0; k < a.Length; k++)
            if (a[k] != b[k]) return false;
        return true;
    }

    private static bool SameTarget(Dataset data, int a, int b) => data.TargetKind == TargetKind.Classes
        ? data.Labels[a] == data.Labels[b]
        : data.Targets[a].Equals(data.Targets[b]);

    private static string DescribeLabel(Dataset data, int index)
    {
        int label = data.Labels[index];
        string name = data.ClassNames[label];
        return name == label.ToString(CultureInfo.InvariantCulture) ? name : $"{label} ('{name}')";
    }

    private const ulong HashStart = 0x9E3779B97F4A7C15UL;

    /// <summary>A deterministic 64-bit hash of a row's values; adding +0 maps -0 to +0 so equal values hash equally.</summary>
    private static ulong RowHash(ReadOnlySpan<float> row)
    {
        ulong hash = HashStart;
        foreach (float value in row) hash = HashStep(hash, value);
        return hash;
    }

    /// <summary>
    /// <see cref="RowHash"/> of rows first .. first + 3 into <paramref name="hashes"/>, the four rows' steps
    /// interleaved: each hash is a chain of dependent multiplies, and four chains overlap (the same hashes, about four
    /// times as fast; on all of MNIST the check hashed 55 million values one chain at a time).
    /// </summary>
    private static void RowHashes(Dataset data, int first, ulong[] hashes)
    {
        ReadOnlySpan<float> a = data.Row(first), b = data.Row(first + 1), c = data.Row(first + 2), e = data.Row(first + 3);
        ulong ha = HashStart, hb = HashStart, hc = HashStart, he = HashStart;
        for (int k = 0; k < a.Length; k++)
        {
            ha = HashStep(ha, a[k]);
            hb = HashStep(hb, b[k]);
            hc = HashStep(hc, c[k]);
            he = HashStep(he, e[k]);
        }
        (hashes[first], hashes[first + 1], hashes[first + 2], hashes[first + 3]) = (ha, hb, hc, he);
    }

    private static ulong HashStep(ulong hash, float value)
    {
        hash = (hash ^ BitConverter.SingleToUInt32Bits(value + 0f)) * 0xBF58476D1CE4E5B9UL;
        return hash ^ hash >> 29;
    }
}

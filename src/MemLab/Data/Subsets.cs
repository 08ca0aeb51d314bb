using System.Globalization;

namespace MemLab.Data;

/// <summary>
/// Subsets of a dataset: chosen classes (spec key <c>classes=</c>), a stratified subsample (<c>subsample=</c>),
/// a nested stratified fraction (<c>fraction=</c>) and a stratified train/test split (<c>holdout=</c>, <c>part=</c>). Every returned subset keeps the points in
/// their original relative order, and its description is extended by the step. Datasets with real targets
/// are treated as a single stratum.
/// </summary>
public static class Subsets
{
    /// <summary>
    /// The class indices named by <paramref name="classes"/>: each entry is a class name or, when no name matches, a
    /// class index 0 .. K-1 (spec <c>classes=3-8</c>, <c>classes=cat-dog</c>).
    /// </summary>
    /// <exception cref="MemLabException">The data has real targets, or an entry names no class; the message lists the valid ones.</exception>
    public static int[] ResolveClasses(Dataset data, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(classes);
        RequireClasses(data);
        var indices = new int[classes.Count];
        for (int i = 0; i < classes.Count; i++)
        {
            int index = IndexOf(data.ClassNames, classes[i]);
            if (index < 0 && int.TryParse(classes[i], NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number < data.ClassCount)
                index = number;
            if (index < 0)
            {
                string valid = string.Join(", ", data.ClassNames.Select((name, k) =>
                    name == k.ToString(CultureInfo.InvariantCulture) ? name : string.Create(CultureInfo.InvariantCulture, $"{k} ({name})")));
                throw MemLabException.InvalidSpec(
                    $"Class '{classes[i]}' is not a class of the data ({data.Provenance.Spec}); valid classes (index or name): {valid}.");
            }
            indices[i] = index;
        }
        return indices;
    }

    /// <summary>
    /// The points of the listed classes, relabelled 0 .. k-1 in the order listed (the first listed class becomes
    /// label 0) and keeping their class names.
    /// </summary>
    /// <exception cref="MemLabException">The data has real targets, the list is empty, or a class is out of range or listed twice.</exception>
    public static Dataset SelectClasses(Dataset data, IReadOnlyList<int> classes)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(classes);
        RequireClasses(data);
        if (classes.Count == 0)
            throw MemLabException.InvalidOptions("The list of classes to keep is empty; name at least one class, for example classes=3-8.");
        var newLabel = new int[data.ClassCount];
        Array.Fill(newLabel, -1);
        for (int j = 0; j < classes.Count; j++)
        {
            int c = classes[j];
            if (c < 0 || c >= data.ClassCount)
                throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                    $"Class index {c} is out of range; the data has classes 0 .. {data.ClassCount - 1}. List only existing classes."));
            if (newLabel[c] >= 0)
                throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                    $"Class {c} ({data.ClassNames[c]}) is listed twice; list each class once."));
            newLabel[c] = j;
        }
        ReadOnlySpan<int> labels = data.Labels;
        var keep = new bool[data.SampleCount];
        for (int i = 0; i < keep.Length; i++) keep[i] = newLabel[labels[i]] >= 0;
        var relabelled = new List<int>();
        for (int i = 0; i < keep.Length; i++)
            if (keep[i]) relabelled.Add(newLabel[labels[i]]);
        string names = string.Join(", ", classes.Select(c => data.ClassNames[c]));
        if (relabelled.Count == 0)
            throw MemLabException.InvalidData(
                $"The classes {names} have no points in the data ({data.Provenance.Spec}); choose classes that occur in it.");
        return Dataset.Classification(Rows(data, keep), data.FeatureCount, relabelled.ToArray(),
            classes.Select(c => data.ClassNames[c]).ToArray(),
            Append(data, string.Create(CultureInfo.InvariantCulture,
                $"classes {names} kept ({relabelled.Count} points), relabelled 0 .. {classes.Count - 1} in that order")));
    }

    /// <summary>
    /// A stratified random subsample of <paramref name="count"/> points (spec <c>subsample=M</c>): each class gets
    /// its share M * size / N rounded by largest remainder (ties to the lower class index), and the points of each
    /// class are drawn uniformly without replacement.
    /// </summary>
    /// <exception cref="MemLabException"><paramref name="count"/> is below 1 or above N.</exception>
    public static Dataset Subsample(Dataset data, int count, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (count < 1 || count > data.SampleCount)
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"Cannot subsample {count} points from {data.SampleCount}; choose subsample=M with 1 <= M <= {data.SampleCount}."));
        bool[] chosen = DrawStratified(data, count, seed);
        return Take(data, chosen, string.Create(CultureInfo.InvariantCulture,
            $"stratified subsample of {count} of {data.SampleCount} points"));
    }

    /// <summary>
    /// A stratified fraction of the points that nests (spec <c>fraction=F</c>): each class is put in one random order
    /// drawn from <paramref name="seed"/> alone, and the first round(F * class size) points of that order are kept (half
    /// away from zero). The order does not depend on F, so for the same seed the subset of a smaller fraction lies
    /// inside the subset of every larger one (10% inside 20% inside ... inside 100%, which is all the data).
    /// </summary>
    /// <exception cref="MemLabException"><paramref name="fraction"/> is not in (0, 1], or keeps no point.</exception>
    public static Dataset NestedFraction(Dataset data, double fraction, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(fraction > 0 && fraction <= 1))
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"The fraction to keep must be in (0, 1]; got {fraction}. Use for example fraction=0.1."));
        var members = Strata(data);
        Rng rng = seed.CreateRng();
        var keep = new bool[data.SampleCount];
        int kept = 0;
        foreach (List<int> stratum in members)
        {
            int[] order = rng.Permutation(stratum.Count);
            int share = (int)Math.Round(fraction * stratum.Count, MidpointRounding.AwayFromZero);
            for (int j = 0; j < share; j++) keep[stratum[order[j]]] = true;
            kept += share;
        }
        if (kept == 0)
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"A fraction {fraction} of {data.SampleCount} points keeps none; choose a larger fraction."));
        return Take(data, keep, string.Create(CultureInfo.InvariantCulture,
            $"nested stratified fraction {fraction:R} ({kept} of {data.SampleCount} points)"));
    }

    /// <summary>
    /// A stratified train/test split (spec <c>holdout=F,part=train|test</c>): round(F * N) points (half away from
    /// zero) go to the test part, spread over the classes by largest remainder as in <see cref="Subsample"/>, and
    /// drawn uniformly within each class; the rest form the training part. The two parts partition the data.
    /// </summary>
    /// <exception cref="MemLabException">The fraction is not strictly between 0 and 1, or leaves one part empty.</exception>
    public static (Dataset Train, Dataset Test) Split(Dataset data, double testFraction, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"The held-out fraction must be strictly between 0 and 1; got {testFraction}. Use for example holdout=0.2."));
        int n = data.SampleCount;
        int testCount = (int)Math.Round(testFraction * n, MidpointRounding.AwayFromZero);
        if (testCount == 0 || testCount == n)
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"Holding out a fraction {testFraction} of {n} points leaves {(testCount == 0 ? "the test" : "the training")} part empty; choose a fraction between {0.5 / n} and {1 - 0.5 / n}."));
        bool[] test = DrawStratified(data, testCount, seed);
        bool[] train = Array.ConvertAll(test, t => !t);
        string split = string.Create(CultureInfo.InvariantCulture, $"stratified split holding out {testCount} of {n} points (fraction {testFraction:R})");
        return (Take(data, train, split + ": training part"), Take(data, test, split + ": test part"));
    }

    /// <summary>Marks <paramref name="count"/> points, each class's share by largest remainder, drawn uniformly within each class.</summary>
    private static bool[] DrawStratified(Dataset data, int count, Seed seed)
    {
        int n = data.SampleCount;
        List<int>[] members = Strata(data);
        int strata = members.Length;

        // Largest remainder: the floor of each exact share count * size / n, then one more point for the
        // classes with the largest remainders (count * size mod n, compared as exact integers).
        var quota = new int[strata];
        var remainder = new long[strata];
        int given = 0;
        for (int k = 0; k < strata; k++)
        {
            long share = (long)count * members[k].Count;
            quota[k] = (int)(share / n);
            remainder[k] = share % n;
            given += quota[k];
        }
        int[] byRemainder = Enumerable.Range(0, strata).OrderByDescending(k => remainder[k]).ThenBy(k => k).ToArray();
        for (int j = 0; j < count - given; j++) quota[byRemainder[j]]++;

        Rng rng = seed.CreateRng();
        var chosen = new bool[n];
        for (int k = 0; k < strata; k++)
            foreach (int position in rng.SampleWithoutReplacement(members[k].Count, quota[k]))
                chosen[members[k][position]] = true;
        return chosen;
    }

    /// <summary>The point indices of each class in ascending order (one stratum for real targets).</summary>
    private static List<int>[] Strata(Dataset data)
    {
        int strata = data.TargetKind == TargetKind.Classes ? data.ClassCount : 1;
        var members = new List<int>[strata];
        for (int k = 0; k < strata; k++) members[k] = [];
        ReadOnlySpan<int> labels = data.TargetKind == TargetKind.Classes ? data.Labels : default;
        for (int i = 0; i < data.SampleCount; i++) members[strata == 1 ? 0 : labels[i]].Add(i);
        return members;
    }

    private static Dataset Take(Dataset data, bool[] keep, string step)
    {
        float[] features = Rows(data, keep);
        var provenance = Append(data, step);
        if (data.TargetKind == TargetKind.Real)
        {
            ReadOnlySpan<double> targets = data.Targets;
            var kept = new List<double>();
            for (int i = 0; i < keep.Length; i++)
                if (keep[i]) kept.Add(targets[i]);
            return Dataset.Regression(features, data.FeatureCount, kept.ToArray(), provenance);
        }
        ReadOnlySpan<int> labels = data.Labels;
        var keptLabels = new List<int>();
        for (int i = 0; i < keep.Length; i++)
            if (keep[i]) keptLabels.Add(labels[i]);
        return Dataset.Classification(features, data.FeatureCount, keptLabels.ToArray(), data.ClassNames, provenance);
    }

    private static float[] Rows(Dataset data, bool[] keep)
    {
        // Every row kept (MNIST's loader converts only the listed digits): the same values in the same order, so the
        // same array, which no dataset changes (a copy cost MNIST 1 vs 8 46 MB of fresh pages).
        if (Array.TrueForAll(keep, k => k)) return data.FeatureArray;
        int d = data.FeatureCount;
        var features = new float[keep.Count(k => k) * d];
        int row = 0;
        for (int i = 0; i < keep.Length; i++)
            if (keep[i]) data.Row(i).CopyTo(features.AsSpan(row++ * d, d));
        return features;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int k = 0; k < names.Count; k++)
            if (names[k] == name) return k;
        return -1;
    }

    private static void RequireClasses(Dataset data)
    {
        if (data.TargetKind != TargetKind.Classes)
            throw MemLabException.InvalidData(
                $"Selecting classes needs class labels, but the data ({data.Provenance.Spec}) has real targets; remove the classes= key.");
    }

    private static DatasetProvenance Append(Dataset data, string step) =>
        data.Provenance with { Description = data.Provenance.Description + "; " + step };
}

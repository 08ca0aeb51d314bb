namespace MemLab.Data;

/// <summary>
/// The held-out counterpart of a training data spec, by one convention: <c>split=train</c> becomes <c>split=test</c>
/// (MNIST, CIFAR-10), <c>part=train</c> becomes <c>part=test</c> (a <c>holdout</c> split of any source), and a source
/// with a split key but none given (its default is the training split) gets <c>split=test</c>. Every other key is kept,
/// except that <c>labels=randomize:P</c> is dropped from a source split's test spec: corrupted labels belong to the
/// training data, and the test split keeps its true ones (with a <c>holdout</c> split the loader already corrupts only
/// the training part). A <c>holdout</c> split is taken after every fitted step, so both parts share one set of
/// coordinates; a source split is taken first, so the fitted steps (<c>pca</c>, <c>scale</c>, <c>inputs</c>) and the
/// subsetting steps (<c>subsample</c>, <c>fraction</c>) would be refitted on the test split alone, and such specs are refused.
/// </summary>
public static class HeldOutSpec
{
    /// <summary>Steps whose result depends on the set they run on.</summary>
    private static readonly string[] RefittedOnTheTestSplit = ["pca", "scale", "inputs", "subsample", "fraction"];

    /// <summary>The test spec for <paramref name="trainSpec"/> (see the type's summary).</summary>
    /// <exception cref="MemLabException">The spec names no training side (InvalidSpec): it says what to add.</exception>
    public static string For(string trainSpec)
    {
        ArgumentNullException.ThrowIfNull(trainSpec);
        DataSpec spec = DataSpec.Parse(trainSpec);
        var entries = spec.Entries.ToList();
        int split = entries.FindIndex(e => e.Key == "split");
        int part = entries.FindIndex(e => e.Key == "part");
        if (part >= 0 && entries[part].Value.Equals("train", StringComparison.OrdinalIgnoreCase))
            entries[part] = new("part", "test");
        else if (entries.FirstOrDefault(e => RefittedOnTheTestSplit.Contains(e.Key)) is { Key: not null } refitted)
            throw MemLabException.InvalidSpec(
                $"The data spec '{trainSpec}' uses {refitted.Key}={refitted.Value} with a source split: on the test split it would be fitted " +
                "to the test images alone, not to the training images. Drop it, or split one set with holdout=F,part=train, which fits " +
                "every step before the split.");
        else if (split >= 0 && entries[split].Value.Equals("train", StringComparison.OrdinalIgnoreCase))
            entries[split] = new("split", "test");
        else if (split < 0 && part < 0 && DatasetLoader.ValidKeys(spec.Source).Contains("split"))
            entries.Add(new("split", "test"));
        else
            throw MemLabException.InvalidSpec(
                $"The data spec '{trainSpec}' has no training side to swap for a test side; use split=train (mnist, cifar10) or " +
                "holdout=F,part=train (any source) so the held-out data is split=test or part=test.");
        if (part < 0) entries.RemoveAll(e => e.Key == "labels" && e.Value.StartsWith("randomize:", StringComparison.Ordinal));
        return spec.Source + ":" + string.Join(",", entries.Select(e => e.Key + "=" + e.Value));
    }
}

namespace MemLab.Data;

/// <summary>
/// The held-out counterpart of a training data spec, by one convention: <c>split=train</c> becomes <c>split=test</c>
/// (MNIST, CIFAR-10), <c>part=train</c> becomes <c>part=test</c> (a <c>holdout</c> split of any source), and a source
/// with a split key but none given (its default is the training split) gets <c>split=test</c>. Every other key is kept,
/// so the test data goes through the same classes, scaling and seed as the training data.
/// </summary>
public static class HeldOutSpec
{
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
        else if (split >= 0 && entries[split].Value.Equals("train", StringComparison.OrdinalIgnoreCase))
            entries[split] = new("split", "test");
        else if (split < 0 && part < 0 && DatasetLoader.ValidKeys(spec.Source).Contains("split"))
            entries.Add(new("split", "test"));
        else
            throw MemLabException.InvalidSpec(
                $"The data spec '{trainSpec}' has no training side to swap for a test side; use split=train (mnist, cifar10) or " +
                "holdout=F,part=train (any source) so the held-out data is split=test or part=test.");
        return spec.Source + ":" + string.Join(",", entries.Select(e => e.Key + "=" + e.Value));
    }
}

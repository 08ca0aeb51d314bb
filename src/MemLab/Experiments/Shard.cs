using System.Globalization;

namespace MemLab.Experiments;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>: the runs whose ordinal leaves remainder <see cref="Index"/> when
/// divided by <see cref="Count"/>. Round robin spreads every cell over the shards, and the shards of one sweep are
/// disjoint and together cover it, so their databases merge into the unsharded result.
/// </summary>
/// <param name="Index">Which shard, 0 .. Count - 1.</param>
/// <param name="Count">How many shards, >= 1.</param>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole sweep as one shard.</summary>
    public static Shard All => new(0, 1);

    /// <summary>Whether the run at <paramref name="ordinal"/> belongs to this shard.</summary>
    public bool Contains(int ordinal) => ordinal % Count == Index;

    /// <summary>Parses <c>i/k</c>, for example <c>0/3</c>.</summary>
    /// <exception cref="MemLabException">The text is not i/k with k >= 1 and 0 &lt;= i &lt; k.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text) ?? throw MemLabException.InvalidOptions(Problem(text)!);
    }

    /// <summary>Why <paramref name="text"/> is not a shard, or null when it is one.</summary>
    public static string? Problem(string text) => TryParse(text) is null
        ? $"--shard '{text}' is not valid; write i/k with k >= 1 shards and 0 <= i < k, for example 0/3 for the first of three."
        : null;

    private static Shard? TryParse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index < count)
            return new Shard(index, count);
        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

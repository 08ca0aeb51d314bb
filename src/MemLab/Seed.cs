using System.Text;

namespace MemLab;

/// <summary>
/// A 64-bit seed: the single source of randomness for a run. Child seeds for sub-tasks are derived
/// deterministically (<see cref="Derive(string)"/>, <see cref="Derive(long)"/>) before any parallel work,
/// so sequential and parallel runs produce identical results. The derivation uses only integer
/// arithmetic (FNV-1a over UTF-8 bytes, then the SplitMix64 finalizer), so it is the same on every
/// machine and every .NET version, unlike .NET's string hashes, which are randomized per process.
/// </summary>
/// <param name="Value">The raw 64-bit seed value.</param>
public readonly record struct Seed(ulong Value)
{
    /// <summary>A child seed for the named sub-task (for example "init" or "labels").</summary>
    public Seed Derive(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(label))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return new Seed(Mix(Value ^ Mix(hash)));
    }

    /// <summary>A child seed for the <paramref name="index"/>-th repetition or work item.</summary>
    public Seed Derive(long index) => new(Mix(Value ^ Mix(unchecked((ulong)index) + 0x9E3779B97F4A7C15UL)));

    /// <summary>A new generator that starts from this seed.</summary>
    public Rng CreateRng() => new(this);

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

using System.Numerics;
using MemLab.Randomness;

namespace MemLab;

/// <summary>
/// memlab's pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018), seeded by expanding a
/// <see cref="Seed"/> with SplitMix64. Gaussian samples use a 128-layer ziggurat (Marsaglia and Tsang
/// 2000, in Doornik's 2005 double-precision form) whose tables and tail use memlab's own
/// <c>PortableMath</c>, so a seed replays bit for bit on every machine and .NET version.
/// Not thread-safe: give each parallel worker its own generator from <see cref="Seed.Derive(long)"/>.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose state is expanded from <paramref name="seed"/>.</summary>
    public Rng(Seed seed)
    {
        ulong x = seed.Value;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1]: safe to take the logarithm of.</summary>
    public double NextDoubleOpenZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire 2019).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong product = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
                product = Math.BigMul(NextUInt64(), bound, out low);
        }
        return (int)product;
    }

    /// <summary>A uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), $"Empty range [{minInclusive}, {maxExclusive}).");
        return minInclusive + NextInt(maxExclusive - minInclusive);
    }

    /// <summary>+1 or -1 with probability 1/2 each (a Rademacher variable).</summary>
    public int NextRademacher() => (NextUInt64() >> 63) == 0 ? 1 : -1;

    /// <summary>A standard normal sample, N(0, 1).</summary>
    public double NextGaussian() => GaussianZiggurat.Sample(this);

    /// <summary>Fills <paramref name="destination"/> with independent N(<paramref name="mean"/>, <paramref name="stddev"/>^2) samples.</summary>
    public void FillGaussian(Span<double> destination, double mean = 0, double stddev = 1)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = mean + stddev * NextGaussian();
    }

    /// <summary>Fills <paramref name="destination"/> with independent N(<paramref name="mean"/>, <paramref name="stddev"/>^2) samples, rounded to float.</summary>
    public void FillGaussian(Span<float> destination, double mean = 0, double stddev = 1)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (float)(mean + stddev * NextGaussian());
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A uniformly random permutation of 0 .. <paramref name="count"/> - 1.</summary>
    public int[] Permutation(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new int[count];
        for (int i = 0; i < count; i++) result[i] = i;
        Shuffle<int>(result);
        return result;
    }

    /// <summary>
    /// <paramref name="count"/> distinct integers drawn uniformly from 0 .. <paramref name="population"/> - 1,
    /// in increasing order (Floyd's algorithm: O(count) draws whatever the population size).
    /// </summary>
    public int[] SampleWithoutReplacement(int population, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        if (count < 0 || count > population)
            throw new ArgumentOutOfRangeException(nameof(count), $"Cannot draw {count} distinct items from {population}.");
        var chosen = new HashSet<int>(count);
        for (int j = population - count; j < population; j++)
        {
            int t = NextInt(j + 1);
            if (!chosen.Add(t)) chosen.Add(j);
        }
        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Seed.Mix(state);
    }
}

using System.Globalization;
using System.Numerics;

namespace MemLab.Data.Generators;

/// <summary>
/// Vertices of the Boolean cube (spec source <c>cube</c>): n distinct points of {0, 1}^d drawn uniformly
/// without replacement, with uniformly random binary labels — random Boolean functions, the classic
/// setting of Baum (1988).
/// </summary>
public static class CubeGenerator
{
    /// <summary>
    /// <paramref name="sampleCount"/> distinct vertices of {0, 1}^<paramref name="dimension"/>, a uniformly random
    /// n-subset in random order. Labels are 0 or 1 with probability 1/2 each; class names "0" and "1".
    /// </summary>
    /// <param name="sampleCount">N (spec key <c>n</c>), in [1, 2^d].</param>
    /// <param name="dimension">d (spec key <c>d</c>), at least 1.</param>
    /// <param name="seed">Seeds the vertices and the labels through child seeds.</param>
    /// <exception cref="MemLabException">An argument is out of range, including n &gt; 2^d.</exception>
    public static Dataset Generate(int sampleCount, int dimension, Seed seed)
    {
        SyntheticDataset.RequireShape("cube", sampleCount, dimension);
        int d = dimension;
        if (d < 31 && sampleCount > 1 << d)
        {
            int neededDimension = BitOperations.Log2((uint)(sampleCount - 1)) + 1;
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"cube: n = {sampleCount} distinct points requested but {{0,1}}^{d} has only {1 << d} vertices; use n <= {1 << d} or d >= {neededDimension}."));
        }

        Rng rng = seed.Derive("points").CreateRng();
        var features = new float[sampleCount * d];
        if (d <= 30)
        {
            // Small cubes: choose vertex numbers without replacement, then read their bits.
            int[] vertices = rng.SampleWithoutReplacement(1 << d, sampleCount);
            rng.Shuffle<int>(vertices);
            for (int i = 0; i < sampleCount; i++)
                for (int l = 0; l < d; l++)
                    features[i * d + l] = (vertices[i] >> l) & 1;
        }
        else
        {
            // Large cubes (2^d > int.MaxValue >= n): draw random vertices and reject repeats.
            var seen = new HashSet<string>(sampleCount, StringComparer.Ordinal);
            var bits = new char[d];
            int placed = 0;
            while (placed < sampleCount)
            {
                for (int l = 0; l < d; l++) bits[l] = (rng.NextUInt64() >> 63) == 0 ? '0' : '1';
                if (!seen.Add(new string(bits))) continue;
                for (int l = 0; l < d; l++) features[placed * d + l] = bits[l] - '0';
                placed++;
            }
        }
        return SyntheticDataset.Create(features, d, SyntheticDataset.BinaryLabels(sampleCount, seed), 2,
            string.Create(CultureInfo.InvariantCulture, $"cube:n={sampleCount},d={d},seed={seed}"),
            string.Create(CultureInfo.InvariantCulture,
                $"cube: {sampleCount} distinct vertices of {{0,1}}^{d}, uniformly random binary labels, seed {seed}"));
    }
}

using System.Globalization;

namespace MemLab.Data.Generators;

/// <summary>
/// What every synthetic generator shares: argument checks that all produce the same message shape, the
/// uniformly random binary labels most generators attach, row shuffling, and the final
/// <see cref="Dataset"/> with class names "0", "1", ... and a spec string that rebuilds it.
/// </summary>
internal static class SyntheticDataset
{
    /// <summary>Throws <see cref="MemLabErrorKind.InvalidOptions"/> for <paramref name="source"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string source, string key, double value, string rule)
    {
        if (!condition)
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"{source}: {key} = {value} is out of range; {key} must be {rule}. Choose a value in that range."));
    }

    /// <summary>Checks n &gt;= 1, d &gt;= 1 and, before anything is allocated, that the N x d feature array (float32, with a float64 working copy as preprocessing keeps) fits one array and the memory.</summary>
    public static void RequireShape(string source, int sampleCount, int dimension)
    {
        Require(sampleCount >= 1, source, "n", sampleCount, "at least 1");
        Require(dimension >= 1, source, "d", dimension, "at least 1");
        MemoryBudget.Require((long)sampleCount * dimension, sizeof(float) + sizeof(double),
            string.Create(CultureInfo.InvariantCulture, $"{source}: n * d = {sampleCount} * {dimension} values"), "lower n or d");
    }

    /// <summary>N labels drawn uniformly from {0, 1}, from a child of <paramref name="seed"/> reserved for generated labels.</summary>
    public static int[] BinaryLabels(int sampleCount, Seed seed) =>
        LabelTransforms.DrawUniform(sampleCount, 2, seed.Derive("generated-labels"));

    /// <summary>
    /// The common end of the two-class curve generators (moons, circles): add N(0, noise^2) to every coordinate of
    /// the 2-D <paramref name="points"/> (seed "noise"), shuffle the points (seed "order") and build the dataset.
    /// </summary>
    public static Dataset NoisyShuffledCurves(double[] points, int[] labels, double noise, Seed seed, string spec, string description)
    {
        if (noise > 0)
        {
            Rng noiseRng = seed.Derive("noise").CreateRng();
            for (int i = 0; i < points.Length; i++) points[i] += noise * noiseRng.NextGaussian();
        }
        var (features, shuffled) = Shuffle(points, 2, labels, seed.Derive("order").CreateRng());
        return Create(features, 2, shuffled, 2, spec, description);
    }

    /// <summary>Rounds <paramref name="points"/> (N x d, float64) to float32 with the rows and labels put in the random order <paramref name="rng"/> draws.</summary>
    public static (float[] Features, int[] Labels) Shuffle(double[] points, int dimension, int[] labels, Rng rng)
    {
        int[] order = rng.Permutation(labels.Length);
        var features = new float[points.Length];
        var shuffled = new int[labels.Length];
        for (int i = 0; i < order.Length; i++)
        {
            shuffled[i] = labels[order[i]];
            for (int j = 0; j < dimension; j++)
                features[i * dimension + j] = (float)points[order[i] * dimension + j];
        }
        return (features, shuffled);
    }

    /// <summary>The dataset with class names "0" .. K-1, the spec that rebuilds it and a readable description.</summary>
    public static Dataset Create(float[] features, int dimension, int[] labels, int classCount, string spec, string description)
    {
        var names = new string[classCount];
        for (int k = 0; k < classCount; k++) names[k] = k.ToString(CultureInfo.InvariantCulture);
        return Dataset.Classification(features, dimension, labels, names, new DatasetProvenance(spec, description));
    }
}

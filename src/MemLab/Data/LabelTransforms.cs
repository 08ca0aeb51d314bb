using System.Globalization;

namespace MemLab.Data;

/// <summary>
/// Label replacements for the random-label experiments of Zhang et al. (2017), "Understanding deep learning
/// requires rethinking generalization", and Arpit et al. (2017): all labels drawn at random, or a fraction of
/// them corrupted. Spec key <c>labels=</c>: <c>generated</c> (keep), <c>random</c>, <c>random:K</c>,
/// <c>randomize:P</c>. Each returns a new dataset with the same points and a description extended by the step.
/// </summary>
public static class LabelTransforms
{
    /// <summary><paramref name="count"/> labels drawn independently and uniformly from 0 .. <paramref name="classCount"/> - 1.</summary>
    public static int[] DrawUniform(int count, int classCount, Seed seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        Rng rng = seed.CreateRng();
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = rng.NextInt(classCount);
        return labels;
    }

    /// <summary>
    /// The same points with every label replaced by one drawn uniformly from <paramref name="classCount"/> classes
    /// named "0" .. K-1 (spec <c>labels=random</c> for K = 2, <c>labels=random:K</c>). Works on real targets too:
    /// the result is always a classification dataset.
    /// </summary>
    /// <exception cref="MemLabException">K is below 2.</exception>
    public static Dataset AssignRandom(Dataset data, int classCount, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (classCount < 2)
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"Random labels need at least 2 classes; got K = {classCount}. Use K >= 2, for example labels=random:2."));
        int[] labels = DrawUniform(data.SampleCount, classCount, seed);
        var names = new string[classCount];
        for (int k = 0; k < classCount; k++) names[k] = k.ToString(CultureInfo.InvariantCulture);
        return Dataset.Classification(data.Features.ToArray(), data.FeatureCount, labels, names,
            Append(data, string.Create(CultureInfo.InvariantCulture, $"labels replaced by uniformly random labels in {classCount} classes")));
    }

    /// <summary>
    /// The same points with a fraction of the labels corrupted (spec <c>labels=randomize:P</c>): round(P * N) points
    /// (rounding half away from zero), chosen uniformly without replacement, each get a label drawn uniformly among
    /// all K existing classes, so a chosen point keeps its label with probability 1/K. Class names are kept.
    /// </summary>
    /// <exception cref="MemLabException">The data has real targets, or the fraction is not in [0, 1].</exception>
    public static Dataset Corrupt(Dataset data, double fraction, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.TargetKind != TargetKind.Classes)
            throw MemLabException.InvalidData(
                $"Corrupting labels needs class labels, but the data ({data.Provenance.Spec}) has real targets; use labels=random:K to replace them with random classes.");
        if (!(fraction >= 0 && fraction <= 1))
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"The fraction of labels to randomize must be in [0, 1]; got {fraction}. Use for example labels=randomize:0.2."));
        int chosenCount = (int)Math.Round(fraction * data.SampleCount, MidpointRounding.AwayFromZero);
        Rng rng = seed.CreateRng();
        int[] chosen = rng.SampleWithoutReplacement(data.SampleCount, chosenCount);
        int[] labels = data.Labels.ToArray();
        foreach (int i in chosen) labels[i] = rng.NextInt(data.ClassCount);
        return Dataset.Classification(data.Features.ToArray(), data.FeatureCount, labels, data.ClassNames,
            Append(data, string.Create(CultureInfo.InvariantCulture,
                $"labels of {chosenCount} of {data.SampleCount} points (fraction {fraction:R}) redrawn uniformly among the {data.ClassCount} classes")));
    }

    private static DatasetProvenance Append(Dataset data, string step) =>
        data.Provenance with { Description = data.Provenance.Description + "; " + step };
}

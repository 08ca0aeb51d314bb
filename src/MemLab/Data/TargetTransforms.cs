using System.Globalization;

namespace MemLab.Data;

/// <summary>
/// Real targets for the interpolation constructions (spec key <c>targets=</c>): <c>uniform</c> replaces the labels by
/// targets drawn i.i.d. uniformly from [-1, 1), <c>class-index</c> turns each class label into the real number k.
/// Either way the result has <see cref="TargetKind.Real"/> targets and a description extended by the step.
/// </summary>
public static class TargetTransforms
{
    /// <summary>The same points with targets drawn independently and uniformly from [-1, 1) (spec <c>targets=uniform</c>); labels or targets are dropped.</summary>
    public static Dataset AssignUniform(Dataset data, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        Rng rng = seed.CreateRng();
        var targets = new double[data.SampleCount];
        for (int i = 0; i < targets.Length; i++) targets[i] = rng.Uniform(-1, 1);
        return Dataset.Regression(data.Features.ToArray(), data.FeatureCount, targets,
            Append(data, "targets replaced by real targets drawn uniformly from [-1, 1)"));
    }

    /// <summary>The same points with target k for a point of class k (spec <c>targets=class-index</c>).</summary>
    /// <exception cref="MemLabException">The data already has real targets.</exception>
    public static Dataset ClassIndex(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.TargetKind != TargetKind.Classes)
            throw MemLabException.InvalidData(
                $"targets=class-index turns class labels into numbers, but the data ({data.Provenance.Spec}) already has real targets. Drop the key, or use targets=uniform.");
        ReadOnlySpan<int> labels = data.Labels;
        var targets = new double[labels.Length];
        for (int i = 0; i < targets.Length; i++) targets[i] = labels[i];
        return Dataset.Regression(data.Features.ToArray(), data.FeatureCount, targets,
            Append(data, string.Create(CultureInfo.InvariantCulture, $"class labels 0 .. {data.ClassCount - 1} used as real targets")));
    }

    private static DatasetProvenance Append(Dataset data, string step) =>
        data.Provenance with { Description = data.Provenance.Description + "; " + step };
}

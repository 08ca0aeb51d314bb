using System.Globalization;

namespace MemLab.Data;

/// <summary>
/// Input replacements for the randomization tests of Zhang et al. (2017), "Understanding deep learning requires
/// rethinking generalization" (section 2, "Gaussian": every image replaced by random pixels from a Gaussian with the
/// mean and variance of the image dataset), which show that networks memorize points without any structure. Spec key
/// <c>inputs=</c>: <c>original</c> (keep) or <c>gaussian</c>. The labels are kept.
/// </summary>
public static class InputTransforms
{
    /// <summary>
    /// The same labels or targets on new points of the same shape: every feature of every point is drawn
    /// independently from N(m, s^2), where m and s are the mean and standard deviation of all feature values of
    /// <paramref name="data"/> (spec <c>inputs=gaussian</c>). Draws come from <paramref name="seed"/> in row order.
    /// </summary>
    public static Dataset ReplaceByGaussian(Dataset data, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ReadOnlySpan<float> values = data.Features;
        double sum = 0;
        foreach (float value in values) sum += value;
        double mean = sum / values.Length;
        double squares = 0;
        foreach (float value in values) squares += (value - mean) * (value - mean);
        double deviation = Math.Sqrt(squares / values.Length);

        var features = new float[values.Length];
        seed.CreateRng().FillGaussian(features, mean, deviation);
        var provenance = data.Provenance with
        {
            Description = data.Provenance.Description + string.Create(CultureInfo.InvariantCulture,
                $"; inputs replaced by i.i.d. Gaussian values with the data's mean {mean:G6} and standard deviation {deviation:G6}"),
        };
        return data.TargetKind == TargetKind.Classes
            ? Dataset.Classification(features, data.FeatureCount, data.Labels.ToArray(), data.ClassNames, provenance)
            : Dataset.Regression(features, data.FeatureCount, data.Targets.ToArray(), provenance);
    }
}

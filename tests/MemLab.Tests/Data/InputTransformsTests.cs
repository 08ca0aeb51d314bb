using MemLab.Data;

namespace MemLab.Tests.Data;

public class InputTransformsTests
{
    /// <summary>Pixel-like data: 400 points of 50 features, most of them 0 and the rest 1 (mean 0.2, standard deviation 0.4).</summary>
    private static Dataset Pixels()
    {
        var features = new float[400 * 50];
        for (int i = 0; i < features.Length; i++) features[i] = i % 5 == 0 ? 1 : 0;
        var labels = Enumerable.Range(0, 400).Select(i => i % 3).ToArray();
        return Dataset.Classification(features, 50, labels, ["a", "b", "c"], DatasetProvenance.InMemory("pixels"));
    }

    [Fact]
    public void ReplaceByGaussian_MatchesTheDataMeanAndDeviationKeepsShapeAndLabels()
    {
        var data = Pixels();

        var noise = InputTransforms.ReplaceByGaussian(data, new Seed(4));

        Assert.Equal((400, 50), (noise.SampleCount, noise.FeatureCount));
        Assert.Equal(data.Labels.ToArray(), noise.Labels.ToArray());
        Assert.Equal(["a", "b", "c"], noise.ClassNames);
        double[] values = noise.Features.ToArray().Select(v => (double)v).ToArray();
        double mean = values.Average();
        double deviation = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        // 20,000 draws: the mean is within 5 standard errors (0.4 / sqrt(20000) = 0.0028) of 0.2.
        Assert.InRange(mean, 0.2 - 0.015, 0.2 + 0.015);
        Assert.InRange(deviation, 0.39, 0.41);
        // Gaussian, not the 0/1 pixels: about 68% of the values lie within one deviation of the mean.
        double inside = values.Count(v => Math.Abs(v - 0.2) < 0.4) / (double)values.Length;
        Assert.InRange(inside, 0.66, 0.70);
        Assert.Contains("Gaussian", noise.Provenance.Description);
    }

    [Fact]
    public void ReplaceByGaussian_SameSeedSameDraws_OtherSeedOthers()
    {
        var data = Pixels();

        var first = InputTransforms.ReplaceByGaussian(data, new Seed(9));
        var again = InputTransforms.ReplaceByGaussian(data, new Seed(9));
        var other = InputTransforms.ReplaceByGaussian(data, new Seed(10));

        Assert.Equal(first.ContentHash(), again.ContentHash());
        Assert.NotEqual(first.Features.ToArray(), other.Features.ToArray());
    }

    [Fact]
    public void ReplaceByGaussian_RealTargets_KeepsTheTargets()
    {
        var data = Dataset.Regression([1, 2, 3, 4, 5, 6], 2, [0.5, -1, 2], DatasetProvenance.InMemory("three points"));

        var noise = InputTransforms.ReplaceByGaussian(data, new Seed(1));

        Assert.Equal([0.5, -1, 2], noise.Targets.ToArray());
        Assert.Equal(2, noise.FeatureCount);
    }
}

using MemLab.Data.Generators;

namespace MemLab.Tests.Data.Generators;

public class MixtureGeneratorTests
{
    [Theory]
    [InlineData(10, 3, new[] { 4, 3, 3 })]
    [InlineData(12, 4, new[] { 3, 3, 3, 3 })]
    [InlineData(7, 7, new[] { 1, 1, 1, 1, 1, 1, 1 })]
    public void Generate_ClusterSizes_AsEqualAsPossible(int n, int k, int[] expected)
    {
        var data = MixtureGenerator.Generate(n, 3, k, 0.1, new Seed(1));

        Assert.Equal(expected, data.ClassSizes());
        Assert.Equal(Enumerable.Range(0, k).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)), data.ClassNames);
    }

    [Fact]
    public void Generate_SmallSpread_EveryPointIsNearestToItsOwnClusterMean()
    {
        const double Spread = 0.01;
        var data = MixtureGenerator.Generate(300, 5, 4, Spread, new Seed(2));

        double[][] means = ClassMeans(data);
        for (int i = 0; i < data.SampleCount; i++)
        {
            double[] distances = means.Select(m => Distance(data.Row(i), m)).ToArray();
            int own = data.Labels[i];
            Assert.Equal(own, Array.IndexOf(distances, distances.Min()));
            // |spread * g| in R^5 is about 0.01 * sqrt(5); 0.1 leaves a wide margin.
            Assert.True(distances[own] < 0.1, $"Point {i} is {distances[own]} from its cluster mean.");
        }
    }

    [Fact]
    public void Generate_SpreadZero_EveryClusterIsOnePointRepeated()
    {
        var data = MixtureGenerator.Generate(20, 3, 2, 0, new Seed(3));

        for (int i = 0; i < data.SampleCount; i++)
            for (int j = 0; j < data.SampleCount; j++)
                Assert.Equal(data.Labels[i] == data.Labels[j], data.Row(i).SequenceEqual(data.Row(j)));
    }

    [Fact]
    public void Generate_SameSeed_IdenticalBytesAndOtherSeedDiffers()
    {
        string first = MixtureGenerator.Generate(100, 4, 3, 0.1, new Seed(9)).ContentHash();

        Assert.Equal(first, MixtureGenerator.Generate(100, 4, 3, 0.1, new Seed(9)).ContentHash());
        Assert.NotEqual(first, MixtureGenerator.Generate(100, 4, 3, 0.1, new Seed(10)).ContentHash());
    }

    [Theory]
    [InlineData(10, 0, 0.1, "k = 0")]
    [InlineData(10, 11, 0.1, "k = 11")]
    [InlineData(10, 3, -0.5, "spread = -0.5")]
    public void Generate_BadArgument_ThrowsNamingValue(int n, int k, double spread, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => MixtureGenerator.Generate(n, 2, k, spread, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    private static double[][] ClassMeans(Dataset data)
    {
        var means = new double[data.ClassCount][];
        for (int c = 0; c < data.ClassCount; c++)
        {
            int[] members = Enumerable.Range(0, data.SampleCount).Where(i => data.Labels[i] == c).ToArray();
            means[c] = Enumerable.Range(0, data.FeatureCount).Select(j => members.Average(i => (double)data.Row(i)[j])).ToArray();
        }
        return means;
    }

    private static double Distance(ReadOnlySpan<float> a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < b.Length; j++) sum += (a[j] - b[j]) * (a[j] - b[j]);
        return Math.Sqrt(sum);
    }
}

using MemLab.Data.Generators;

namespace MemLab.Tests.Data.Generators;

public class GaussianGeneratorTests
{
    [Fact]
    public void Generate_Shape_NByDWithBinaryClasses()
    {
        var data = GaussianGenerator.Generate(300, 7, new Seed(1));

        Assert.Equal(300, data.SampleCount);
        Assert.Equal(7, data.FeatureCount);
        Assert.Equal(["0", "1"], data.ClassNames);
        Assert.Equal("gaussian:n=300,d=7,seed=1", data.Provenance.Spec);
    }

    [Fact]
    public void Generate_Coordinates_HaveMeanZeroAndVarianceOne()
    {
        var data = GaussianGenerator.Generate(4000, 5, new Seed(2));

        double mean = data.Features.ToArray().Average(v => (double)v);
        double variance = data.Features.ToArray().Average(v => (v - mean) * (v - mean));
        // 20,000 samples: the standard error of the mean is 0.007 and of the variance 0.01.
        Assert.InRange(mean, -0.04, 0.04);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void Generate_Labels_AreBalancedCoinFlips()
    {
        var data = GaussianGenerator.Generate(4000, 2, new Seed(3));

        int[] sizes = data.ClassSizes();
        // Binomial(4000, 1/2) has standard deviation 31.6; 5 standard deviations.
        Assert.InRange(sizes[0], 2000 - 160, 2000 + 160);
        Assert.Equal(4000, sizes[0] + sizes[1]);
    }

    [Fact]
    public void Generate_SameSeed_IdenticalBytesAndOtherSeedDiffers()
    {
        string first = GaussianGenerator.Generate(100, 4, new Seed(9)).ContentHash();

        Assert.Equal(first, GaussianGenerator.Generate(100, 4, new Seed(9)).ContentHash());
        Assert.NotEqual(first, GaussianGenerator.Generate(100, 4, new Seed(10)).ContentHash());
    }

    [Theory]
    [InlineData(0, 3, MemLabErrorKind.InvalidOptions, "n = 0")]
    [InlineData(10, 0, MemLabErrorKind.InvalidOptions, "d = 0")]
    [InlineData(100_000, 100_000, MemLabErrorKind.InvalidData, "n * d")]
    public void Generate_BadShape_ThrowsNamingValue(int n, int d, MemLabErrorKind kind, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => GaussianGenerator.Generate(n, d, new Seed(0)));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(expected, error.Message);
    }
}

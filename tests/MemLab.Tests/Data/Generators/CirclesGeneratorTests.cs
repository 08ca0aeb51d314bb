using MemLab.Data.Generators;

namespace MemLab.Tests.Data.Generators;

public class CirclesGeneratorTests
{
    [Fact]
    public void Generate_Default_HasTwoClassesOfHalfTheSize()
    {
        var data = CirclesGenerator.Generate(1000, 0.05, 0.8, new Seed(0));

        Assert.Equal(1000, data.SampleCount);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal([500, 500], data.ClassSizes());
        Assert.Equal(["0", "1"], data.ClassNames);
    }

    [Fact]
    public void Generate_NoNoise_OuterOnUnitCircleInnerOnRadiusFactor()
    {
        const double Factor = 0.3;
        var data = CirclesGenerator.Generate(501, 0, Factor, new Seed(1));

        Assert.Equal([250, 251], data.ClassSizes());
        for (int i = 0; i < data.SampleCount; i++)
        {
            double radius = Math.Sqrt(Math.Pow(data.Row(i)[0], 2) + Math.Pow(data.Row(i)[1], 2));
            Assert.Equal(data.Labels[i] == 0 ? 1 : Factor, radius, 1e-6);
        }
    }

    [Fact]
    public void Generate_NoNoise_AnglesAreEvenlySpacedWithoutTheEndpoint()
    {
        var data = CirclesGenerator.Generate(10, 0, 0.5, new Seed(2));

        for (int label = 0; label < 2; label++)
        {
            double[] angles = Enumerable.Range(0, 10).Where(i => data.Labels[i] == label)
                .Select(i => Math.Atan2(data.Row(i)[1], data.Row(i)[0]))
                .Select(a => a < -1e-6 ? a + 2 * Math.PI : Math.Max(a, 0))
                .Order().ToArray();
            // Five points per circle at 2 pi i / 5, i = 0 .. 4: 2 pi itself is excluded.
            Assert.Equal(5, angles.Length);
            for (int i = 0; i < 5; i++) Assert.Equal(2 * Math.PI * i / 5, angles[i], 1e-5);
        }
    }

    [Fact]
    public void Generate_SameSeed_IdenticalBytesAndOtherSeedDiffers()
    {
        string first = CirclesGenerator.Generate(100, 0.05, 0.8, new Seed(9)).ContentHash();

        Assert.Equal(first, CirclesGenerator.Generate(100, 0.05, 0.8, new Seed(9)).ContentHash());
        Assert.NotEqual(first, CirclesGenerator.Generate(100, 0.05, 0.8, new Seed(10)).ContentHash());
    }

    [Theory]
    [InlineData(0.0, 0.0, "factor = 0")]
    [InlineData(0.0, 1.0, "factor = 1")]
    [InlineData(-0.1, 0.5, "noise = -0.1")]
    public void Generate_BadArgument_ThrowsNamingValue(double noise, double factor, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => CirclesGenerator.Generate(10, noise, factor, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(expected, error.Message);
    }
}

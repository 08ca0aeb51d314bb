using System.Text.RegularExpressions;
using MemLab.Data.Generators;

namespace MemLab.Tests.Data.Generators;

public class SphereGeneratorTests
{
    [Fact]
    public void Generate_Points_AreUnitVectorsAtLeastSeparationApart()
    {
        const double Separation = 0.5;
        var data = SphereGenerator.Generate(150, 6, Separation, new Seed(1));

        Assert.Equal(150, data.SampleCount);
        Assert.Equal(6, data.FeatureCount);
        for (int i = 0; i < data.SampleCount; i++)
        {
            Assert.Equal(1, Math.Sqrt(SquaredDistance(data.Row(i), new float[6])), 1e-6);
            for (int j = 0; j < i; j++)
                Assert.True(Math.Sqrt(SquaredDistance(data.Row(i), data.Row(j))) >= Separation,
                    $"Points {j} and {i} are closer than {Separation}.");
        }
    }

    [Fact]
    public void Generate_Labels_AreBinaryAndRoughlyBalanced()
    {
        var data = SphereGenerator.Generate(1000, 10, 0.1, new Seed(2));

        Assert.Equal(["0", "1"], data.ClassNames);
        Assert.InRange(data.ClassSizes()[0], 500 - 80, 500 + 80);
    }

    [Fact]
    public void Generate_ImpossibleSeparation_ThrowsInvalidOptionsWithLargestNReached()
    {
        // On the unit circle a chord of 1.5 spans more than 97 degrees, so at most 3 points fit.
        var error = Assert.Throws<MemLabException>(() => SphereGenerator.Generate(10, 2, 1.5, new Seed(3)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        var match = Regex.Match(error.Message, @"placed only (\d+) of n = 10");
        Assert.True(match.Success, error.Message);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 3);
        Assert.Contains("smaller separation", error.Message);
        Assert.Contains("larger d", error.Message);
    }

    [Fact]
    public void Generate_SameSeed_IdenticalBytesAndOtherSeedDiffers()
    {
        string first = SphereGenerator.Generate(100, 3, 0.1, new Seed(9)).ContentHash();

        Assert.Equal(first, SphereGenerator.Generate(100, 3, 0.1, new Seed(9)).ContentHash());
        Assert.NotEqual(first, SphereGenerator.Generate(100, 3, 0.1, new Seed(10)).ContentHash());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(2.5)]
    public void Generate_SeparationOutsideZeroToTwo_ThrowsNamingValue(double separation)
    {
        var error = Assert.Throws<MemLabException>(() => SphereGenerator.Generate(10, 3, separation, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("separation = " + separation.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += ((double)a[j] - b[j]) * ((double)a[j] - b[j]);
        return sum;
    }
}

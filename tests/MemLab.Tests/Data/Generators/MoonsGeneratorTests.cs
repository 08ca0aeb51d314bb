using MemLab.Data.Generators;

namespace MemLab.Tests.Data.Generators;

public class MoonsGeneratorTests
{
    [Fact]
    public void Generate_DocumentedExample_Has1000PointsInClassesOf500()
    {
        var data = MoonsGenerator.Generate(1000, 0.05, new Seed(0));

        Assert.Equal(1000, data.SampleCount);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal([500, 500], data.ClassSizes());
        Assert.Equal(["0", "1"], data.ClassNames);
        Assert.Equal("moons:n=1000,noise=0.05,seed=0", data.Provenance.Spec);
    }

    [Fact]
    public void Generate_OddN_LowerMoonGetsTheExtraPoint()
    {
        Assert.Equal([3, 4], MoonsGenerator.Generate(7, 0, new Seed(0)).ClassSizes());
        Assert.Equal([0, 1], MoonsGenerator.Generate(1, 0, new Seed(0)).ClassSizes());
    }

    [Fact]
    public void Generate_NoNoise_PointsLieOnTheirHalfCircles()
    {
        var data = MoonsGenerator.Generate(1000, 0, new Seed(1));

        for (int i = 0; i < data.SampleCount; i++)
        {
            double x = data.Row(i)[0], y = data.Row(i)[1];
            if (data.Labels[i] == 0)
            {
                // Upper moon: x^2 + y^2 = 1 with y >= 0.
                Assert.Equal(1, x * x + y * y, 1e-6);
                Assert.True(y >= -1e-7, $"Upper-moon point {i} has y = {y}.");
            }
            else
            {
                // Lower moon: (x - 1)^2 + (y - 0.5)^2 = 1 with y <= 0.5.
                Assert.Equal(1, (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1e-6);
                Assert.True(y <= 0.5 + 1e-7, $"Lower-moon point {i} has y = {y}.");
            }
        }
    }

    [Fact]
    public void Generate_NoNoise_PointsAreTheEvenlySpacedAnglesInSomeOrder()
    {
        var data = MoonsGenerator.Generate(9, 0, new Seed(2));

        // n_out = 4 angles pi * i / 3 on the upper moon; n_in = 5 angles pi * i / 4 on the lower one.
        var expected = Enumerable.Range(0, 4).Select(i => (0, Math.Cos(Math.PI * i / 3), Math.Sin(Math.PI * i / 3)))
            .Concat(Enumerable.Range(0, 5).Select(i => (1, 1 - Math.Cos(Math.PI * i / 4), 0.5 - Math.Sin(Math.PI * i / 4))))
            .Select(p => (p.Item1, (float)p.Item2, (float)p.Item3))
            .Order().ToArray();
        var actual = Enumerable.Range(0, 9).Select(i => (data.Labels[i], data.Row(i)[0], data.Row(i)[1])).Order().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Item1, actual[i].Item1);
            Assert.Equal(expected[i].Item2, actual[i].Item2, 1e-6f);
            Assert.Equal(expected[i].Item3, actual[i].Item3, 1e-6f);
        }
    }

    [Fact]
    public void Generate_NoNoise_PointsAreShuffled()
    {
        var labels = MoonsGenerator.Generate(100, 0, new Seed(3)).Labels.ToArray();

        Assert.NotEqual(labels.Order(), labels);
    }

    [Fact]
    public void Generate_Noise_DisplacesPointsByAboutTheNoiseLevel()
    {
        const double Noise = 0.1;
        var clean = MoonsGenerator.Generate(2000, 0, new Seed(4));
        var noisy = MoonsGenerator.Generate(2000, Noise, new Seed(4));

        // Same seed: the same order, so each noisy point is its clean point plus N(0, noise^2 I).
        Assert.Equal(clean.Labels.ToArray(), noisy.Labels.ToArray());
        double meanSquare = Enumerable.Range(0, clean.Features.Length)
            .Average(i => Math.Pow(noisy.Features[i] - clean.Features[i], 2));
        Assert.InRange(Math.Sqrt(meanSquare), 0.95 * Noise, 1.05 * Noise);
    }

    [Fact]
    public void Generate_SameSeed_IdenticalBytesAndOtherSeedDiffers()
    {
        string first = MoonsGenerator.Generate(100, 0.05, new Seed(9)).ContentHash();

        Assert.Equal(first, MoonsGenerator.Generate(100, 0.05, new Seed(9)).ContentHash());
        Assert.NotEqual(first, MoonsGenerator.Generate(100, 0.05, new Seed(10)).ContentHash());
    }

    [Theory]
    [InlineData(0, 0.0, "n = 0")]
    [InlineData(10, -1.0, "noise = -1")]
    [InlineData(10, double.NaN, "noise = NaN")]
    public void Generate_BadArgument_ThrowsNamingValue(int n, double noise, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => MoonsGenerator.Generate(n, noise, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Generate_EmbeddedInD_KeepsPairwiseDistancesAndLabels()
    {
        var plane = MoonsGenerator.Generate(60, 0.1, new Seed(5));
        var embedded = MoonsGenerator.Generate(60, 0.1, new Seed(5), dimension: 7);

        Assert.Equal(7, embedded.FeatureCount);
        Assert.Equal(plane.Labels.ToArray(), embedded.Labels.ToArray());
        for (int i = 0; i < 60; i++)
            for (int j = 0; j < i; j++)
                Assert.Equal(Distance(plane.Row(i), plane.Row(j)), Distance(embedded.Row(i), embedded.Row(j)), 1e-5);
        // A rotation, not a padding: the points use every coordinate.
        for (int l = 0; l < 7; l++)
            Assert.Contains(Enumerable.Range(0, 60), i => Math.Abs(embedded.Row(i)[l]) > 1e-3);
    }

    [Fact]
    public void Generate_EmbeddedInD_SameSeedSameBytesOtherSeedOtherRotation()
    {
        var first = MoonsGenerator.Generate(50, 0, new Seed(1), dimension: 5);
        var again = MemLab.Data.DatasetLoader.Load("moons:n=50,noise=0,d=5,seed=1", new MemLab.Data.DataLoadContext(null, new MemLab.LinearAlgebra.ManagedBlas(1)));
        var other = MoonsGenerator.Generate(50, 0, new Seed(2), dimension: 5);

        Assert.Equal(first.Features.ToArray(), again.Features.ToArray());
        Assert.NotEqual(first.Features.ToArray(), other.Features.ToArray());
    }

    [Fact]
    public void Generate_DimensionBelowTwo_ThrowsNamingD()
    {
        var error = Assert.Throws<MemLabException>(() => MoonsGenerator.Generate(10, 0, new Seed(0), dimension: 1));
        Assert.Contains("d = 1", error.Message);
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        return Math.Sqrt(sum);
    }
}

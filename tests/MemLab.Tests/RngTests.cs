namespace MemLab.Tests;

public class RngTests
{
    // Expected values come from an independent Python implementation of SplitMix64 seeding and
    // xoshiro256** (Blackman and Vigna's reference algorithm), not from this code.
    [Theory]
    [InlineData(0UL, 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL)]
    [InlineData(42UL, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL)]
    public void NextUInt64_KnownSeed_MatchesReferenceImplementation(ulong seed, ulong first, ulong second, ulong third)
    {
        var rng = new Rng(new Seed(seed));
        Assert.Equal(first, rng.NextUInt64());
        Assert.Equal(second, rng.NextUInt64());
        Assert.Equal(third, rng.NextUInt64());
    }

    [Fact]
    public void NextDouble_ManyDraws_UniformOnUnitInterval()
    {
        var rng = new Rng(new Seed(1));
        const int n = 200_000;
        var bins = new int[10];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            Assert.InRange(u, 0.0, 0.9999999999999999);
            bins[(int)(u * 10)]++;
            sum += u;
        }
        Assert.InRange(sum / n, 0.497, 0.503);
        Assert.True(ChiSquare(bins, n / 10.0) < 27.9, "chi-square with 9 degrees of freedom above its 0.999 quantile");
    }

    [Fact]
    public void NextInt_SmallBound_EveryValueEquallyLikely()
    {
        var rng = new Rng(new Seed(2));
        const int n = 140_000;
        var counts = new int[7];
        for (int i = 0; i < n; i++) counts[rng.NextInt(7)]++;
        Assert.True(ChiSquare(counts, n / 7.0) < 22.5, "chi-square with 6 degrees of freedom above its 0.999 quantile");
    }

    [Fact]
    public void NextInt_EmptyRange_Throws()
    {
        var rng = new Rng(new Seed(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(5, 5));
    }

    [Fact]
    public void NextGaussian_ManyDraws_MatchStandardNormalMoments()
    {
        var rng = new Rng(new Seed(4));
        const int n = 400_000;
        double m1 = 0, m2 = 0, m4 = 0;
        int beyondTailStart = 0;
        for (int i = 0; i < n; i++)
        {
            double x = rng.NextGaussian();
            m1 += x; m2 += x * x; m4 += x * x * x * x;
            if (Math.Abs(x) > 3.442619855899) beyondTailStart++;
        }
        Assert.InRange(m1 / n, -0.01, 0.01);
        Assert.InRange(m2 / n, 0.99, 1.01);
        Assert.InRange(m4 / n, 2.95, 3.05);
        // P(|Z| > 3.4426) = 5.76e-4 for a standard normal: the tail branch of the ziggurat must be exercised correctly.
        Assert.InRange(beyondTailStart / (double)n, 4.6e-4, 6.9e-4);
    }

    [Fact]
    public void NextGaussian_KolmogorovSmirnov_AgreesWithNormalCdf()
    {
        var rng = new Rng(new Seed(5));
        const int n = 20_000;
        var xs = new double[n];
        rng.FillGaussian(xs);
        Array.Sort(xs);
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            double cdf = 0.5 * Erfc(-xs[i] / Math.Sqrt(2));
            worst = Math.Max(worst, Math.Max(Math.Abs(cdf - i / (double)n), Math.Abs(cdf - (i + 1) / (double)n)));
        }
        Assert.True(worst < 1.95 / Math.Sqrt(n), $"KS statistic {worst} above the 0.001 critical value");
    }

    [Fact]
    public void NextRademacher_OnlyPlusMinusOneInEqualShare()
    {
        var rng = new Rng(new Seed(6));
        int plus = 0;
        for (int i = 0; i < 100_000; i++)
        {
            int s = rng.NextRademacher();
            Assert.True(s is 1 or -1);
            if (s == 1) plus++;
        }
        Assert.InRange(plus, 49_000, 51_000);
    }

    [Fact]
    public void Permutation_ContainsEveryIndexOnce()
    {
        var perm = new Rng(new Seed(7)).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), perm.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), perm);
    }

    [Fact]
    public void Permutation_FirstPositionUniform()
    {
        var rng = new Rng(new Seed(8));
        var counts = new int[5];
        for (int i = 0; i < 50_000; i++) counts[rng.Permutation(5)[0]]++;
        Assert.True(ChiSquare(counts, 10_000) < 18.5, "chi-square with 4 degrees of freedom above its 0.999 quantile");
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(10, 10)]
    [InlineData(1_000_000, 50)]
    public void SampleWithoutReplacement_DistinctSortedInRange(int population, int count)
    {
        var sample = new Rng(new Seed(9)).SampleWithoutReplacement(population, count);
        Assert.Equal(count, sample.Length);
        Assert.Equal(sample.Order(), sample);
        Assert.Equal(count, sample.Distinct().Count());
        Assert.All(sample, v => Assert.InRange(v, 0, population - 1));
    }

    [Fact]
    public void SampleWithoutReplacement_EachItemEquallyLikely()
    {
        var rng = new Rng(new Seed(10));
        var counts = new int[6];
        for (int i = 0; i < 30_000; i++)
            foreach (int v in rng.SampleWithoutReplacement(6, 2)) counts[v]++;
        Assert.True(ChiSquare(counts, 10_000) < 20.5, "chi-square with 5 degrees of freedom above its 0.999 quantile");
    }

    [Fact]
    public void SampleWithoutReplacement_MoreThanPopulation_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rng(new Seed(11)).SampleWithoutReplacement(3, 4));

    [Fact]
    public void SameSeed_SameStreamOfEveryKind()
    {
        static string Draw(Rng rng) => string.Join(",", rng.NextDouble(), rng.NextGaussian(), rng.NextInt(1000),
            rng.NextRademacher(), string.Join(" ", rng.Permutation(8)), rng.NextSingle());
        Assert.Equal(Draw(new Rng(new Seed(12))), Draw(new Rng(new Seed(12))));
        Assert.NotEqual(Draw(new Rng(new Seed(12))), Draw(new Rng(new Seed(13))));
    }

    private static double ChiSquare(int[] observed, double expected) =>
        observed.Sum(o => (o - expected) * (o - expected) / expected);

    // Complementary error function, Numerical Recipes' erfcc (fractional error below 1.2e-7): an
    // independent reference for the normal CDF.
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}

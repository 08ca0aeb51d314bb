using MemLab.Randomness;

namespace MemLab.Tests.Randomness;

public class GaussianTailTests
{
    [Theory]
    // Reference values of the standard normal upper tail (erfc(x / sqrt 2) / 2, from published tables to 15 digits).
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.15865525393145705)]
    [InlineData(1.6448536269514722, 0.05)]
    [InlineData(3.0, 0.0013498980316300946)]
    [InlineData(6.0, 9.865876450376946e-10)]
    [InlineData(-1.0, 0.8413447460685429)]
    public void Upper_MatchesReferenceValues(double x, double expected) =>
        Assert.Equal(expected, GaussianTail.Upper(x), expected * 1e-12);

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.125)]
    [InlineData(0.05)]
    [InlineData(1e-4)]
    public void UpperQuantile_InvertsUpper(double p) =>
        Assert.Equal(p, GaussianTail.Upper(GaussianTail.UpperQuantile(p)), p * 1e-10);

    [Fact]
    public void ThresholdCorrelation_IsOneForEqualInputsZeroForOrthogonalAndContracts()
    {
        Assert.Equal(1, GaussianTail.ThresholdCorrelation(1, 0.1), 9);
        Assert.Equal(0, GaussianTail.ThresholdCorrelation(0, 0.1), 6);
        // Sparse stages shrink correlations, more so for smaller p.
        double sparse = GaussianTail.ThresholdCorrelation(0.8, 0.02), dense = GaussianTail.ThresholdCorrelation(0.8, 0.5);
        Assert.True(sparse < dense && dense < 0.8, $"sparse {sparse}, dense {dense}");
        // p = 1/2 (b = 0): the arcsine law, 2 asin(rho) / pi.
        Assert.Equal(2 * Math.Asin(0.8) / Math.PI, dense, 6);
    }
}

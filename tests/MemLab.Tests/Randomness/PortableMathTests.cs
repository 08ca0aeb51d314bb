using MemLab.Randomness;

namespace MemLab.Tests.Randomness;

public class PortableMathTests
{
    [Fact]
    public void Log_AcrossMagnitudes_AgreesWithRuntimeWithinTwoUlps()
    {
        var rng = new Rng(new Seed(1));
        for (int i = 0; i < 100_000; i++)
        {
            double x = Math.Exp(rng.Uniform(-700, 700));
            AssertClose(Math.Log(x), PortableMath.Log(x), x);
        }
        foreach (double x in new[] { 1.0, 2.0, 0.5, Math.E, 1e-300, double.Epsilon, double.MaxValue, 1 + 1e-15 })
            AssertClose(Math.Log(x), PortableMath.Log(x), x);
        Assert.Equal(0.0, PortableMath.Log(1.0));
    }

    [Fact]
    public void Exp_AcrossRange_AgreesWithRuntimeWithinTwoUlps()
    {
        var rng = new Rng(new Seed(2));
        for (int i = 0; i < 100_000; i++)
        {
            double x = rng.Uniform(-700, 700);
            AssertClose(Math.Exp(x), PortableMath.Exp(x), x);
        }
        Assert.Equal(1.0, PortableMath.Exp(0));
        Assert.Equal(double.PositiveInfinity, PortableMath.Exp(710));
        Assert.Equal(0.0, PortableMath.Exp(-746));
    }

    [Fact]
    public void SinCos_OverSeveralTurns_AgreeWithRuntimeToRoundoff()
    {
        var rng = new Rng(new Seed(3));
        for (int i = 0; i < 100_000; i++)
        {
            double x = rng.Uniform(-20, 20);
            Assert.True(Math.Abs(Math.Sin(x) - PortableMath.Sin(x)) <= 2.5e-16, $"sin({x:R})");
            Assert.True(Math.Abs(Math.Cos(x) - PortableMath.Cos(x)) <= 2.5e-16, $"cos({x:R})");
        }
        Assert.Equal(0.0, PortableMath.Sin(0));
        Assert.Equal(1.0, PortableMath.Cos(0));
        Assert.Equal(1.0, PortableMath.Sin(Math.PI / 2));
        Assert.True(Math.Abs(PortableMath.Cos(Math.PI) + 1) <= 1e-16);
    }

    [Fact]
    public void SinCos_HugeOrNonFiniteAngle_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PortableMath.Sin(1e6));
        Assert.Throws<ArgumentOutOfRangeException>(() => PortableMath.Cos(double.NaN));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Log_OutsideDomain_Throws(double x) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PortableMath.Log(x));

    private static void AssertClose(double expected, double actual, double input)
    {
        double ulp = Math.Max(Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), double.Epsilon);
        Assert.True(Math.Abs(expected - actual) <= 2 * ulp, $"input {input:R}: expected {expected:R}, got {actual:R}");
    }
}

using MemLab.Networks;

namespace MemLab.Tests.Networks;

/// <summary>The range in which the float32 error bound holds: every nonzero magnitude in [2^-40, 2^40], no NaN.</summary>
public class Float32BoundTests
{
    private static readonly double Low = Math.ScaleB(1, -40), High = Math.ScaleB(1, 40);

    public static TheoryData<double, bool> Values => new()
    {
        { 0.5, true }, { 0, true }, { -0.0, true }, { Low, true }, { -Low, true }, { High, true }, { -High, true },
        { Low * (1 - 1e-6), false }, { -Low * (1 - 1e-6), false }, { High * (1 + 1e-6), false }, { double.NaN, false },
        { double.PositiveInfinity, false }, { double.NegativeInfinity, false }, { double.Epsilon, false },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void InRange_OneValueAnywhere_DecidesAsItsMagnitude(double value, bool inside)
    {
        // 37 values: positions 0 and 20 lie in the vectors of 8 doubles / 16 floats, 36 in the tail after them.
        foreach (int position in new[] { 0, 20, 36 })
        {
            var weights = Enumerable.Repeat(0.5, 37).ToArray();
            var bias = Enumerable.Repeat(-0.25, 37).ToArray();
            var features = Enumerable.Repeat(0.75f, 37).ToArray();
            Assert.True(Float32Bound.InRange(weights, bias, features));
            weights[position] = value;
            Assert.Equal(inside, Float32Bound.InRange(weights, bias, features));
            weights[position] = 0.5;
            bias[position] = value;
            Assert.Equal(inside, Float32Bound.InRange(weights, bias, features));
            bias[position] = -0.25;
            // The float32 value nearest: 2^-40 and 2^40 are exact in float32, the values beyond them stay beyond, and the
            // smallest double becomes 0.
            features[position] = (float)value;
            Assert.Equal(inside || features[position] == 0, Float32Bound.InRange(weights, bias, features));
        }
    }
}

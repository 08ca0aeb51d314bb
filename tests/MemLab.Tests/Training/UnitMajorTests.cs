using MemLab.Training;

namespace MemLab.Tests.Training;

/// <summary>
/// The unit-major passes of the batched trainer against the same sums written out point by point, on made-up data:
/// the output weights' gradient in every row grouping its kernel uses (blocks of 16 and 8 rows transposed in
/// registers, then 4, then single rows) and point counts that leave a partial block of 8.
/// </summary>
public class UnitMajorTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 8)]
    [InlineData(8, 13)]
    [InlineData(16, 64)]
    [InlineData(27, 61)]
    [InlineData(44, 256)]
    public void WeightGradient_SumsEachRowPointByPointFromZero(int rows, int points)
    {
        var rng = new Random(rows * 1000 + points);
        int stride = points + 11;
        // Mixed signs and magnitudes, so that a different order of the additions shows in the last bits.
        float Next() => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4)));
        var delta = Enumerable.Range(0, points + 3).Select(_ => Next()).ToArray();
        var units = Enumerable.Range(0, rows * stride).Select(_ => Next()).ToArray();
        var g = new float[rows];

        float biasSum = UnitMajor<float>.WeightGradient(delta, units, stride, points, g);

        for (int j = 0; j < rows; j++)
        {
            float sum = 0;
            for (int i = 0; i < points; i++) sum += delta[i] * units[j * stride + i];
            Assert.Equal(sum, g[j]);
        }
        float expectedBias = 0;
        for (int i = 0; i < points; i++) expectedBias += delta[i];
        Assert.Equal(expectedBias, biasSum);
    }
}

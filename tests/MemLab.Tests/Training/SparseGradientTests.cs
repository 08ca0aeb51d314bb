using MemLab.Training;

namespace MemLab.Tests.Training;

/// <summary>
/// The sparse weight-gradient kernel gives, bit for bit, the dense sums written out (every product of every point added
/// in order from zero, the zeros too), on made-up deltas that are half zeros, with -0, NaN and infinite entries and a
/// row of zeros, over slices of points, partial vectors and columns that end in a half vector, a whole vector or one
/// vector alone. On processors without AVX-512 the kernel is not run and the test checks nothing.
/// </summary>
public class SparseGradientTests
{
    [Theory]
    [InlineData(4, 10, 256)]
    [InlineData(6, 50, 256)]
    [InlineData(8, 50, 100)]
    [InlineData(2, 69, 63)]
    [InlineData(4, 63, 130)]
    public void Compute_EqualsTheDenseSumsBitForBit(int rows, int d, int points)
    {
        if (!SparseGradient.IsSupported) return;
        var rng = new Random(rows * 100 + d);
        // Mixed signs and magnitudes, so that a different order of the additions shows in the last bits.
        float Next() => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4)));
        int deltaStride = points + 16 - points % 16, xStride = ChunkProducts.VectorStride(d + 1), columns = d + 1;
        var delta = new float[rows * deltaStride];
        for (int i = 0; i < delta.Length; i++) delta[i] = rng.NextDouble() < 0.5 ? (rng.NextDouble() < 0.5 ? 0f : -0f) : Next();
        delta[deltaStride + 3] = float.NaN;
        delta[3 * deltaStride / 2] = float.PositiveInfinity;
        Array.Clear(delta, 0, points);
        delta[5] = -0f;
        var x = new float[points * xStride];
        for (int i = 0; i < points; i++)
            for (int c = 0; c < columns; c++) x[i * xStride + c] = Next();
        var g = new float[rows * xStride];

        SparseGradient.Compute(delta, rows, deltaStride, points, x, xStride, columns, g);

        for (int j = 0; j < rows; j++)
            for (int c = 0; c < columns; c++)
            {
                float sum = 0;
                for (int i = 0; i < points; i++) sum += delta[j * deltaStride + i] * x[i * xStride + c];
                Assert.True(BitConverter.SingleToInt32Bits(sum) == BitConverter.SingleToInt32Bits(g[j * xStride + c]),
                    $"row {j}, column {c}: {g[j * xStride + c]} where the dense sum is {sum}");
            }
    }
}

using System.Numerics;
using MemLab.LinearAlgebra;
using MemLab.Training;

namespace MemLab.Tests.Training;

/// <summary>
/// The batched trainer's first-layer kernels give, bit for bit, what the managed BLAS and the one-network trainer's
/// bias and ReLU give (the order the batch-versus-alone equality rests on), in both vector widths, on shapes with
/// partial tiles, d above one k-slice, and values whose sums cancel.
/// </summary>
public class ChunkProductsTests
{
    private static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        // Mixed signs and magnitudes, so that the order of the additions shows in the last bits.
        return Enumerable.Range(0, length).Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4)))).ToArray();
    }

    [Theory]
    [InlineData(4, 3, 8)]
    [InlineData(8, 50, 256)]
    [InlineData(12, 50, 208)]
    [InlineData(4, 50, 88)]
    [InlineData(8, 300, 72)]
    public void Forward_EqualsTheManagedProductPlusBiasAndReluBitForBit(int rows, int d, int count)
    {
        var w = Random(rows * d, 1);
        var bias = Random(rows, 2);
        var features = Random(count * d, 3);
        int stride = ChunkProducts.VectorStride(count);
        var xt = new float[d * stride];
        ChunkProducts.Transposed(features, d, 0, count, xt);
        var hidden = new float[rows * stride];
        ChunkProducts.Forward(w, rows, d, bias, xt, stride, hidden);

        // The one-network trainer's way: X W^T (points x units) on the managed backend, then the bias and the ReLU.
        var expected = new float[count * rows];
        new ManagedBlas(1).Sgemm(Transpose.No, Transpose.Yes, count, rows, d, 1f, features, d, w, d, 0f, expected, rows);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < rows; j++)
                Assert.Equal(Math.Max(expected[i * rows + j] + bias[j], 0f), hidden[j * stride + i]);
        Assert.Contains(hidden, v => v > 0);
    }

    /// <summary>
    /// Columns d + 1 of 11 (one vector), 21 (a 512-bit vector and a half), 41 (three vectors, the last more than half
    /// used), 51 (three and a half) and 70 (five vectors of 16, the last a half that ends its own tile); the sparse
    /// kernel where the processor runs it.
    /// </summary>
    [Theory]
    [InlineData(4, 10, 256)]
    [InlineData(8, 20, 100)]
    [InlineData(4, 40, 17)]
    [InlineData(8, 50, 256)]
    [InlineData(12, 50, 63)]
    [InlineData(4, 69, 40)]
    public void Gradient_EqualsTheManagedProductAndItsOnesColumnTheRowSums(int rows, int d, int points)
    {
        int deltaStride = ChunkProducts.VectorStride(points + 5);
        var delta = Random(rows * deltaStride, 4);
        var features = Random(points * d, 5);
        int xStride = ChunkProducts.VectorStride(d + 1);
        var padded = new float[points * xStride];
        ChunkProducts.Padded(features, points, d, padded);
        var g = new float[rows * xStride];
        ChunkProducts.Gradient(delta, rows, deltaStride, points, padded, xStride, d + 1, g);

        var expected = new float[rows * d];
        new ManagedBlas(1).Sgemm(Transpose.No, Transpose.No, rows, d, points, 1f, delta, deltaStride, features, d, 0f, expected, d);
        for (int j = 0; j < rows; j++)
        {
            for (int c = 0; c < d; c++) Assert.Equal(expected[j * d + c], g[j * xStride + c]);
            float sum = 0;
            for (int i = 0; i < points; i++) sum += delta[j * deltaStride + i];
            Assert.Equal(sum, g[j * xStride + d]);
        }
    }

    /// <summary>Both kernels, whichever this processor runs, against sums written out: each product added in order to a sum from zero.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Tile_InEitherVectorWidth_SumsEachEntryInOrderFromZero(bool wide)
    {
        int lanes = wide ? 16 : Vector<float>.Count;
        const int depth = 37, aStride = 40;
        for (int vectors = 1; vectors <= 4; vectors++)
        {
            int bStride = 4 * lanes + 3, cStride = 4 * lanes + 1;
            var a = Random(4 * aStride, 6);
            var b = Random(depth * bStride, 7);
            var bias = Random(4, 8);
            foreach (bool relu in new[] { false, true })
            {
                var c = Enumerable.Repeat(float.NaN, 4 * cStride).ToArray();
                ChunkProducts.Tile(wide, vectors, ref a[0], aStride, ref b[0], bStride, depth, ref c[0], cStride, ref bias[0], relu);
                for (int r = 0; r < 4; r++)
                    for (int col = 0; col < 4 * lanes; col++)
                    {
                        if (col >= vectors * lanes)
                        {
                            Assert.True(float.IsNaN(c[r * cStride + col]), $"column {col} beyond the tile was written");
                            continue;
                        }
                        float sum = 0;
                        for (int p = 0; p < depth; p++) sum += a[r * aStride + p] * b[p * bStride + col];
                        Assert.Equal(relu ? Math.Max(sum + bias[r], 0f) : sum, c[r * cStride + col]);
                    }
            }
        }
    }
}

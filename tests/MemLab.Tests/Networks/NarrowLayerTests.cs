using MemLab.Constructions;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

/// <summary>
/// The float32 screen of narrow threshold layers (<see cref="NarrowLayer.ScreenedBits"/>, used by the Finke
/// construction's codes and the fused verification) must give every bit the float64 sums give, on values built to sit
/// at, within rounding of and near their thresholds; and H(0) = 0.
/// </summary>
public class NarrowLayerTests
{
    /// <summary>
    /// A layer of <paramref name="units"/> Gaussian units on <paramref name="count"/> points in [-1, 1]^d whose biases put
    /// unit u's pre-activation at point u (mod count) at an offset from 0: exactly 0 (the bias is minus the float64 sum
    /// of products in the layer's own order), float64-rounding-level offsets, offsets only float64 can decide, and
    /// clear ones.
    /// </summary>
    internal static (DenseLayer Layer, float[] Points) NearThresholds(int d, int units, int count, ulong seed)
    {
        Rng rng = new Seed(seed).CreateRng();
        float[] points = new float[count * d];
        for (int i = 0; i < points.Length; i++) points[i] = (float)rng.Uniform(-1, 1);
        var weights = new double[units * d];
        rng.FillGaussian(weights);
        double[] offsets = [0, 0, 1e-15, -1e-15, 1e-12, -1e-10, 1e-8, -1e-7, 3e-7, -1e-6, 1e-4, -0.3];
        var bias = new double[units];
        for (int u = 0; u < units; u++)
        {
            int sample = u % count;
            double sum = weights[u * d] * points[sample * d];
            for (int k = 1; k < d; k++) sum += weights[u * d + k] * points[sample * d + k];
            bias[u] = -sum + offsets[u % offsets.Length];
        }
        return (new DenseLayer(d, units, weights, bias, Activation.Threshold), points);
    }

    /// <summary>Bit u of point i as the float64 sums decide it, value by value (H(0) = 0).</summary>
    private static bool Float64Bit(NarrowLayer layer, float[] points, int i, int u)
    {
        double[] x = points.AsSpan(i * layer.Inputs, layer.Inputs).ToArray().Select(v => (double)v).ToArray();
        return layer.PreActivation(x, u) > 0;
    }

    [Theory]
    [InlineData(2, 2000)]
    [InlineData(2, 37)]
    [InlineData(5, 70)]
    [InlineData(16, 33)]
    public void ScreenedBitsAndRechecks_EqualTheFloat64Sums(int d, int units)
    {
        const int count = 300;
        var (dense, points) = NearThresholds(d, units, count, (ulong)(d * 1000 + units));
        var layer = new NarrowLayer(dense);
        int words = (units + 63) / 64;
        var unclear = new int[units];
        long listed = 0;
        for (int i = 0; i < count; i++)
        {
            var code = new ulong[words];
            int many = layer.ScreenedBits(points.AsSpan(i * d, d), code, unclear);
            listed += many;
            var rechecked = unclear.Take(many).ToHashSet();
            for (int u = 0; u < units; u++)
            {
                bool bit = (code[u >> 6] >> (u & 63) & 1) == 1;
                if (rechecked.Contains(u)) Assert.False(bit, $"point {i} unit {u}: an unclear unit's bit must be left 0");
                else Assert.Equal(Float64Bit(layer, points, i, u), bit);
            }
            Assert.True(code[^1] >> 1 >> ((units - 1) & 63) == 0, "bits past the last unit must stay 0");
        }
        // The offsets within float32's error (0, 1e-15 .. 3e-7) must have been left to the float64 sums.
        Assert.True(listed >= units / 3, $"only {listed} values were listed as unclear");
    }

    [Fact]
    public void PreActivationOfExactlyZero_GivesBitZero_ScreenedAndPlain()
    {
        // H(0) = 0: a unit whose float64 pre-activation is exactly 0 at a point is off there.
        var (dense, points) = NearThresholds(2, 48, 100, 5);
        var layer = new NarrowLayer(dense);
        // Units 0 and 1 sit exactly at 0 at points 0 and 1 (one 64-bit word per point's code).
        Assert.Equal(0.0, layer.PreActivation([points[0], points[1]], 0));
        Assert.Equal(0.0, layer.PreActivation([points[2], points[3]], 1));
        foreach (bool screen in new[] { true, false })
        {
            var (codes, _) = FinkeConstruction.NarrowCodes(layer, points, 100, 2, relu: false, screen);
            Assert.Equal(0UL, codes[0] & 1UL);
            Assert.Equal(0UL, codes[1] >> 1 & 1UL);
        }
    }

    [Theory]
    [InlineData(2, 2000, 3000)]
    [InlineData(3, 77, 2100)]
    public void NarrowCodes_ScreenedEqualsPlain(int d, int units, int count)
    {
        // More than 1024 points per thread, so the points are split over two threads as in a build.
        var (dense, points) = NearThresholds(d, units, count, 7);
        var layer = new NarrowLayer(dense);
        var (plain, _) = FinkeConstruction.NarrowCodes(layer, points, count, 2, relu: false, screen: false);
        var (screened, _) = FinkeConstruction.NarrowCodes(layer, points, count, 2, relu: false, screen: true);
        Assert.Equal(plain, screened);
        Assert.Contains(plain, word => word != 0);
    }

    [Fact]
    public void Float32Bound_RefusesValuesOutsideItsRange()
    {
        Assert.True(Float32Bound.InRange([1.0, -2.0], [0.5, 0], [0.25f, 0f]));
        Assert.False(Float32Bound.InRange([1e20], [0], [1f]));
        Assert.False(Float32Bound.InRange([1.0], [1e-20], [1f]));
        Assert.False(Float32Bound.InRange([1.0], [0], [float.NaN]));
        Assert.False(Float32Bound.InRange([1.0], [0], [1e-20f]));
    }
}

using MemLab.Constructions;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Constructions;

public class BitCodeProductsTests
{
    /// <summary>Random 0/1 unit states (N x n) with an independent naive &lt;U(x_c), Phi(x_t)&gt; in double.</summary>
    private static (bool[,] On, ulong[] Codes) RandomStates(int count, int width, ulong seed)
    {
        Rng rng = new Seed(seed).CreateRng();
        int words = (width + 63) / 64;
        var on = new bool[count, width];
        var codes = new ulong[count * words];
        for (int i = 0; i < count; i++)
            for (int u = 0; u < width; u++)
            {
                on[i, u] = rng.NextDouble() < 0.5;
                if (on[i, u]) codes[i * words + u / 64] |= 1UL << (u % 64);
            }
        return (on, codes);
    }

    private static double Naive(bool[,] on, double[,]? values, int c, int t)
    {
        double sum = 0;
        for (int u = 0; u < on.GetLength(1); u++)
            sum += (on[c, u] ? 0.0 : 1.0) * (values is null ? (on[t, u] ? 1.0 : 0.0) : values[t, u]);
        return sum;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 63)]
    [InlineData(1, 64)]
    [InlineData(2, 130)]
    public void MinBelowAndCountBelow_RandomCodes_EqualNaiveFloatProducts(int threads, int width)
    {
        const int count = 700;
        var (on, codes) = RandomStates(count, width, (ulong)width);
        var products = new BitCodeProducts(codes, (width + 63) / 64, width, threads);
        int[] candidates = [0, 5, 17, 699, 350];
        int[] targets = Enumerable.Range(0, count).Where(t => t % 3 != 0).ToArray();
        var min = new double[candidates.Length];
        products.Min(candidates, targets, min);
        double[] thresholds = [width / 4.0, width / 2.0, 1, 0, width];
        var below = new bool[candidates.Length * targets.Length];
        products.Below(candidates, thresholds, targets, below);
        var counts = new int[candidates.Length];
        products.CountBelow(candidates, thresholds, targets, counts);
        for (int i = 0; i < candidates.Length; i++)
        {
            Assert.Equal(targets.Min(t => Naive(on, null, candidates[i], t)), min[i]);
            for (int j = 0; j < targets.Length; j++)
                Assert.Equal(Naive(on, null, candidates[i], targets[j]) < thresholds[i], below[i * targets.Length + j]);
            Assert.Equal(targets.Count(t => Naive(on, null, candidates[i], t) < thresholds[i]), counts[i]);
        }
    }

    [Fact]
    public void ReluProducts_RandomValues_EqualNaiveFloatProducts()
    {
        const int count = 1500, width = 70;
        var (on, codes) = RandomStates(count, width, 5);
        Rng rng = new Seed(6).CreateRng();
        var values = new double[count, width];
        var features = new double[count * width];
        for (int i = 0; i < count; i++)
            for (int u = 0; u < width; u++)
                features[i * width + u] = values[i, u] = on[i, u] ? rng.NextDouble() + 0.01 : 0;
        var products = new ReluProducts(new ManagedBlas(1), features, new BitCodeProducts(codes, 2, width, 1), width);
        int[] candidates = [3, 1499];
        int[] targets = Enumerable.Range(0, count).ToArray();
        var min = new double[2];
        products.Min(candidates, targets, min);
        var below = new bool[2 * count];
        double[] thresholds = [5, 8];
        products.Below(candidates, thresholds, targets, below);
        var counts = new int[2];
        products.CountBelow(candidates, thresholds, targets, counts);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(targets.Min(t => Naive(on, values, candidates[i], t)), min[i], 1e-12);
            for (int j = 0; j < count; j++)
            {
                double naive = Naive(on, values, candidates[i], j);
                if (Math.Abs(naive - thresholds[i]) > 1e-9) Assert.Equal(naive < thresholds[i], below[i * count + j]);
            }
            Assert.Equal(below.AsSpan(i * count, count).Count(true), counts[i]);
            Assert.InRange(counts[i], 1, count - 1);
        }
    }
}

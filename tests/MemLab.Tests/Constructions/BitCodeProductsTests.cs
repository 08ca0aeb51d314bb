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

    /// <summary>The kernels that run here for rows of <paramref name="words"/> words: always scalar, and AVX2 and the native AVX-512 kernel where the machine has them.</summary>
    internal static IEnumerable<PopcountKernel> KernelsHere(int words) =>
        Enum.GetValues<PopcountKernel>().Where(kernel => AndPopcount.Supports(kernel, words));

    /// <summary>
    /// Widths that reach every path of the kernels: scalar only (1, 63, 64, 130 bits: fewer than four words), the AVX2
    /// path with one or two 256-bit chunks held in registers, with and without scalar tail words (200, 300, 500, 700
    /// bits), any number of chunks (2000 bits) and more than 31 chunks (8200 bits, where byte counts are flushed in
    /// between); the native kernel with one, two and many 512-bit chunks, full or masked; every kernel that runs here,
    /// one and two threads, and more targets than a tile.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 63)]
    [InlineData(1, 64)]
    [InlineData(2, 130)]
    [InlineData(1, 200)]
    [InlineData(2, 300)]
    [InlineData(2, 500)]
    [InlineData(1, 512)]
    [InlineData(2, 700)]
    [InlineData(2, 2000)]
    [InlineData(2, 8200)]
    public void MinBelowAndCountBelow_RandomCodes_EqualNaiveFloatProducts(int threads, int width)
    {
        const int count = 1403;
        var (on, codes) = RandomStates(count, width, (ulong)width);
        foreach (PopcountKernel kernel in KernelsHere((width + 63) / 64))
        {
            var products = new BitCodeProducts(codes, (width + 63) / 64, width, threads, kernel);
            int[] candidates = [0, 5, 17, 1402, 350];
            int[] targets = Enumerable.Range(0, count).Where(t => t % 3 != 0).ToArray();
            var min = new double[candidates.Length];
            products.Min(candidates, targets, min);
            double[] thresholds = [width / 4.0, width / 2.0 + 0.5, 1, 0, width];
            var below = new bool[candidates.Length * targets.Length];
            products.Below(candidates, thresholds, targets, below);
            var counts = new int[candidates.Length];
            products.CountBelow(candidates, thresholds, targets, counts);
            for (int i = 0; i < candidates.Length; i++)
            {
                double[] naive = targets.Select(t => Naive(on, null, candidates[i], t)).ToArray();
                Assert.Equal(naive.Min(), min[i]);
                for (int j = 0; j < targets.Length; j++)
                    Assert.Equal(naive[j] < thresholds[i], below[i * targets.Length + j]);
                Assert.Equal(naive.Count(p => p < thresholds[i]), counts[i]);
            }
            Assert.InRange(counts[0], 1, targets.Length - 1);

            // Targets given twice running are read from one loaded table (its storage reused for a smaller set).
            var again = new double[candidates.Length];
            products.Min(candidates, targets, again);
            Assert.Equal(min, again);
            int[] fewer = targets[..701];
            for (int repeat = 0; repeat < 2; repeat++)
            {
                products.Min(candidates, fewer, again);
                for (int i = 0; i < candidates.Length; i++)
                    Assert.Equal(fewer.Min(t => Naive(on, null, candidates[i], t)), again[i]);
            }
        }
    }

    /// <summary>
    /// Dense rows, where every byte of every chunk counts 8: a candidate with every unit off against targets with every
    /// unit on gives exactly n, which would overflow byte counts summed over more than 31 chunks; every kernel that
    /// runs here.
    /// </summary>
    [Theory]
    [InlineData(2000)]
    [InlineData(8200)]
    [InlineData(16384)]
    public void Min_AllUnitsOffAgainstAllOn_IsWidthForVectorAndScalar(int width)
    {
        int words = (width + 63) / 64;
        const int count = 9;
        var codes = new ulong[count * words];
        for (int i = 1; i < count; i++)
            for (int u = 0; u < width; u++) codes[i * words + u / 64] |= 1UL << (u % 64);
        int[] targets = Enumerable.Range(1, count - 1).ToArray();
        foreach (PopcountKernel kernel in KernelsHere(words))
        {
            var min = new double[1];
            new BitCodeProducts(codes, words, width, 1, kernel).Min([0], targets, min);
            Assert.Equal(width, min[0]);
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

using MemLab.Constructions;

namespace MemLab.Tests.Constructions;

public class SetCoverTests
{
    /// <summary>
    /// Threshold codes of points in the square [-1, 1]^2 under <paramref name="width"/> random lines (unit u on when
    /// w_u . x + b_u &gt; 0); class 0 (X-) is the disk of radius 0.6. The last 40 points of X- copy earlier ones, so
    /// some candidates are identical and tie on every count.
    /// </summary>
    private static (bool[,] On, ulong[] Codes, int[] Negatives, int[] Positives) Disk(int count, int width, ulong seed)
    {
        Rng rng = new Seed(seed).CreateRng();
        var x = new double[count, 2];
        for (int i = 0; i < count; i++)
        {
            x[i, 0] = 2 * rng.NextDouble() - 1;
            x[i, 1] = 2 * rng.NextDouble() - 1;
        }
        var negatives = Enumerable.Range(0, count).Where(i => x[i, 0] * x[i, 0] + x[i, 1] * x[i, 1] < 0.36).ToArray();
        for (int k = 0; k < 40; k++)
        {
            int copy = negatives[negatives.Length - 1 - k], original = negatives[rng.NextInt(negatives.Length - 40)];
            x[copy, 0] = x[original, 0];
            x[copy, 1] = x[original, 1];
        }
        int words = (width + 63) / 64;
        var on = new bool[count, width];
        var codes = new ulong[count * words];
        for (int u = 0; u < width; u++)
        {
            double w0 = rng.NextGaussian(), w1 = rng.NextGaussian(), b = 2 * rng.NextDouble() - 1;
            for (int i = 0; i < count; i++)
            {
                on[i, u] = w0 * x[i, 0] + w1 * x[i, 1] + b > 0;
                if (on[i, u]) codes[i * words + u / 64] |= 1UL << (u % 64);
            }
        }
        return (on, codes, negatives, Enumerable.Range(0, count).Except(negatives).ToArray());
    }

    /// <summary>&lt;U(x_c), Phi(x_t)&gt;: units off at c and on at t, counted bit by bit.</summary>
    private static int Product(bool[,] on, int c, int t)
    {
        int sum = 0;
        for (int u = 0; u < on.GetLength(1); u++)
            if (!on[c, u] && on[t, u]) sum++;
        return sum;
    }

    /// <summary>
    /// Textbook greedy cover: exact m for every candidate, and at every step the exact count of every candidate over the
    /// still-uncovered points, recomputed from scratch; keep the largest count, ties to the smallest index.
    /// </summary>
    private static (List<(int Index, double M)> Neurons, int[] Uncovered) ReferenceGreedy(
        bool[,] on, int[] negatives, int[] positives, Func<double, double> threshold)
    {
        double[] m = negatives.Select(c => (double)positives.Min(t => Product(on, c, t))).ToArray();
        var covers = new bool[negatives.Length, negatives.Length];
        for (int i = 0; i < negatives.Length; i++)
            for (int j = 0; j < negatives.Length; j++)
                covers[i, j] = Product(on, negatives[i], negatives[j]) < threshold(m[i]);
        var covered = new bool[negatives.Length];
        var neurons = new List<(int, double)>();
        while (true)
        {
            int best = -1, bestCount = 0;
            for (int i = 0; i < negatives.Length; i++)
            {
                int count = 0;
                for (int j = 0; j < negatives.Length; j++)
                    if (!covered[j] && covers[i, j]) count++;
                if (count > bestCount)
                {
                    best = i;
                    bestCount = count;
                }
            }
            if (best < 0) break;
            neurons.Add((negatives[best], m[best]));
            for (int j = 0; j < negatives.Length; j++)
                if (covers[best, j]) covered[j] = true;
        }
        return (neurons, negatives.Where((_, j) => !covered[j]).ToArray());
    }

    [Theory]
    [InlineData(0, 24, false)]
    [InlineData(1, 40, false)]
    [InlineData(2, 64, true)]
    [InlineData(3, 100, false)]
    [InlineData(4, 130, true)]
    [InlineData(5, 16, true)]
    public void Greedy_RandomDiskCodes_SameNeuronsAndUncoveredAsTextbookGreedy(ulong seed, int width, bool half)
    {
        var (on, codes, negatives, positives) = Disk(1800, width, seed);
        Assert.True(positives.Length > 1024, "X+ must exceed the greedy's sample so the sampled bound is inexact.");
        Func<double, double> threshold = half ? m => Math.Ceiling(m / 2) - 0.5 : m => m - 0.5;
        var (neurons, uncovered) = ReferenceGreedy(on, negatives, positives, threshold);
        Assert.True(neurons.Count > 1);
        foreach (int threads in new[] { 1, 2 })
        {
            var products = new BitCodeProducts(codes, (width + 63) / 64, width, threads);
            ClassCover cover = SetCover.Greedy(products, negatives, positives, threshold, new Seed(0).CreateRng(), null);
            Assert.Equal(neurons, cover.Neurons);
            Assert.Equal(uncovered, cover.Uncovered);
        }
    }

    [Fact]
    public void Greedy_ClassAboveTheExactLimit_CoversEveryPointWithAPositiveMWithExactNeuronsNarrowerThanRandomForAnyThreadCount()
    {
        const int width = 40;
        var (on, codes, negatives, positives) = Disk(42_000, width, 7);
        Assert.True(negatives.Length > SetCover.ExactGreedyLimit, "X- must exceed the exact greedy's limit.");
        Func<double, double> threshold = m => m - 0.5;
        var products = new BitCodeProducts(codes, 1, width, 2);
        ClassCover cover = SetCover.Greedy(products, negatives, positives, threshold, new Seed(3).CreateRng(), null);
        ClassCover again = SetCover.Greedy(new BitCodeProducts(codes, 1, width, 1), negatives, positives, threshold, new Seed(3).CreateRng(), null);
        Assert.Equal(cover.Neurons, again.Neurons);

        double M(int c) => positives.Min(t => Product(on, c, t));
        foreach (var (index, m) in cover.Neurons) Assert.Equal(M(index), m);
        var uncovered = negatives.Where(x => !cover.Neurons.Any(n => Product(on, n.Index, x) < threshold(n.M))).ToArray();
        Assert.Equal(uncovered, cover.Uncovered);
        Assert.All(uncovered, x => Assert.Equal(0, M(x)));
        ClassCover random = SetCover.Random(products, negatives, positives, threshold, new Seed(3).CreateRng(), null);
        Assert.True(cover.Neurons.Count < random.Neurons.Count, $"sampled greedy {cover.Neurons.Count} neurons, random {random.Neurons.Count}");
    }
}

using MemLab.Analysis;
using MemLab.LinearAlgebra;
using MemLab.Tests.LinearAlgebra;

namespace MemLab.Tests.Analysis;

[Collection(TestBackends.OpenBlasCollection)]
public class NeuralTangentKernelTests
{
    private const int N = 6, D = 3;

    /// <summary>Six points in R^3 of mixed norms, with an acute, an obtuse and a nearly opposite pair.</summary>
    private static float[] Points()
    {
        var rng = new Seed(21).CreateRng();
        var x = new float[N * D];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        for (int k = 0; k < D; k++) x[5 * D + k] = -0.9f * x[4 * D + k] + 0.05f;
        return x;
    }

    /// <summary>
    /// The network's tangent kernel at initialization with M random units, f = M^-1/2 sum a_r relu(w_r . x):
    /// (1/M) sum_r [relu(w_r.x) relu(w_r.y) + a_r^2 (x.y) 1{w_r.x > 0} 1{w_r.y > 0}], and each entry's standard error.
    /// </summary>
    private static (double[] Mean, double[] StandardError) MonteCarlo(float[] x, int units, Seed seed)
    {
        var rng = seed.CreateRng();
        var sum = new double[N * N];
        var sumOfSquares = new double[N * N];
        var w = new double[D];
        var pre = new double[N];
        for (int r = 0; r < units; r++)
        {
            for (int k = 0; k < D; k++) w[k] = rng.NextGaussian();
            double a = rng.NextGaussian();
            for (int i = 0; i < N; i++)
            {
                pre[i] = 0;
                for (int k = 0; k < D; k++) pre[i] += w[k] * x[i * D + k];
            }
            for (int i = 0; i < N; i++)
                for (int j = 0; j < N; j++)
                {
                    double dot = 0;
                    for (int k = 0; k < D; k++) dot += (double)x[i * D + k] * x[j * D + k];
                    double term = Math.Max(pre[i], 0) * Math.Max(pre[j], 0) + (pre[i] > 0 && pre[j] > 0 ? a * a * dot : 0);
                    sum[i * N + j] += term;
                    sumOfSquares[i * N + j] += term * term;
                }
        }
        var mean = new double[N * N];
        var error = new double[N * N];
        for (int e = 0; e < N * N; e++)
        {
            mean[e] = sum[e] / units;
            error[e] = Math.Sqrt(Math.Max(sumOfSquares[e] / units - mean[e] * mean[e], 0) / units);
        }
        return (mean, error);
    }

    public static TheoryData<string> Backends() => [.. TestBackends.Names()];

    [Theory]
    [MemberData(nameof(Backends))]
    public void Gram_MatchesAMonteCarloNetworkWithManyUnits(string backend)
    {
        float[] x = Points();
        double[] gram = NeuralTangentKernel.Gram(x, D, TestBackends.Create(backend));
        var (mean, error) = MonteCarlo(x, 200_000, new Seed(22));
        for (int e = 0; e < N * N; e++)
            Assert.True(Math.Abs(gram[e] - mean[e]) <= 5 * error[e] + 1e-12,
                $"entry ({e / N}, {e % N}): closed form {gram[e]}, Monte Carlo {mean[e]} +- {error[e]}");
        // The diagonal is |x|^2 exactly: E[relu(w.x)^2] = |x|^2 / 2 and the indicator term gives the other half.
        for (int i = 0; i < N; i++)
        {
            double squaredNorm = 0;
            for (int k = 0; k < D; k++) squaredNorm += (double)x[i * D + k] * x[i * D + k];
            Assert.Equal(squaredNorm, gram[i * N + i], 12);
        }
    }

    [Fact]
    public void SmallestEigenvalue_MatchesTheMonteCarloGramWithinItsError()
    {
        float[] x = Points();
        var data = Dataset.Classification(x, D, [0, 1, 0, 1, 0, 1], null, DatasetProvenance.InMemory("six points"));
        var (value, exact) = NeuralTangentKernel.SmallestEigenvalue(data, new ManagedBlas(1), new Seed(1));
        Assert.True(exact);
        var (mean, error) = MonteCarlo(x, 200_000, new Seed(23));
        double monteCarloMin = SymmetricEigenvalues.Of(mean, N, new ManagedBlas(1))[0];
        // Weyl: |lambda_min(A) - lambda_min(B)| <= |A - B|_2 <= |A - B|_F, bounded by 5 standard errors per entry.
        double bound = 5 * Math.Sqrt(error.Sum(s => s * s));
        Assert.InRange(value, monteCarloMin - bound, monteCarloMin + bound);
        Assert.True(value > 0.01, $"six points in general position give a positive definite kernel; got {value}");
    }

    [Fact]
    public void SmallestEigenvalue_DuplicatePoint_IsZero()
    {
        float[] x = Points();
        for (int k = 0; k < D; k++) x[1 * D + k] = x[0 * D + k];
        var data = Dataset.Regression(x, D, [0, 1, 2, 3, 4, 5], DatasetProvenance.InMemory("duplicate"));
        Assert.Equal(0, NeuralTangentKernel.SmallestEigenvalue(data, new ManagedBlas(1), new Seed(1)).Value, 9);
    }

    [Fact]
    public void Kernel_OppositeAndOrthogonalDirections()
    {
        // Opposite unit vectors: angle pi, both terms vanish. Orthogonal: |x||y| / (2 pi) + 0.
        Assert.Equal(0, NeuralTangentKernel.Kernel(-1, 1, 1), 12);
        Assert.Equal(6 / (2 * Math.PI), NeuralTangentKernel.Kernel(0, 2, 3), 12);
        Assert.Equal(0, NeuralTangentKernel.Kernel(0, 0, 3));
    }

    [Fact]
    public void SmallestEigenvalue_AboveTheLimit_SubsetValueBoundsTheFullOneFromAbove()
    {
        var rng = new Seed(31).CreateRng();
        var x = new float[60 * 4];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        var data = Dataset.Regression(x, 4, new double[60], DatasetProvenance.InMemory("sixty"));
        var blas = new ManagedBlas(1);
        var (full, fullExact) = NeuralTangentKernel.SmallestEigenvalue(data, blas, new Seed(1), exactLimit: 60);
        var (subset, subsetExact) = NeuralTangentKernel.SmallestEigenvalue(data, blas, new Seed(1), exactLimit: 20);
        Assert.True(fullExact);
        Assert.False(subsetExact);
        // Cauchy interlacing: a principal submatrix's smallest eigenvalue is at least the full matrix's.
        Assert.True(subset >= full - 1e-12, $"subset {subset} below full {full}");
        Assert.True(subset > 1.5 * full, "20 of 60 points should be markedly better conditioned than all 60");
        Assert.Equal(subset, NeuralTangentKernel.SmallestEigenvalue(data, blas, new Seed(1), exactLimit: 20).Value);
    }
}

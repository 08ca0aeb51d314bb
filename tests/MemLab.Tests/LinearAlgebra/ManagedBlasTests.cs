using MemLab.LinearAlgebra;

namespace MemLab.Tests.LinearAlgebra;

/// <summary>What only the managed backend promises; the shared GEMM contract is in <see cref="IBlasTests"/>.</summary>
public class ManagedBlasTests
{
    [Fact]
    public void Constructor_ZeroThreads_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManagedBlas(0));

    [Theory]
    [InlineData(Transpose.No, Transpose.No)]
    [InlineData(Transpose.Yes, Transpose.Yes)]
    public void Sgemm_OneOrFourThreads_BitIdentical(Transpose transA, Transpose transB)
    {
        // Several row and column blocks and two slices of k, so the threads really split the work.
        (int m, int n, int k) = (150, 300, 400);
        var rng = new Seed(5).CreateRng();
        float[] a = new float[m * k], b = new float[k * n];
        rng.FillGaussian(a);
        rng.FillGaussian(b);
        int lda = transA == Transpose.No ? k : m, ldb = transB == Transpose.No ? n : k;
        float[] single = new float[m * n], parallel = new float[m * n];
        new ManagedBlas(1).Sgemm(transA, transB, m, n, k, 1.5f, a, lda, b, ldb, 0f, single, n);
        new ManagedBlas(4).Sgemm(transA, transB, m, n, k, 1.5f, a, lda, b, ldb, 0f, parallel, n);
        Assert.Equal(single, parallel);
    }

    [Fact]
    public void Dgemm_OneOrThreeThreads_BitIdentical()
    {
        (int m, int n, int k) = (130, 270, 260);
        var rng = new Seed(6).CreateRng();
        double[] a = new double[m * k], b = new double[k * n], c = new double[m * n];
        rng.FillGaussian(a);
        rng.FillGaussian(b);
        rng.FillGaussian(c);
        double[] single = (double[])c.Clone(), parallel = (double[])c.Clone();
        new ManagedBlas(1).Dgemm(Transpose.No, Transpose.Yes, m, n, k, -1, a, k, b, k, 0.5, single, n);
        new ManagedBlas(3).Dgemm(Transpose.No, Transpose.Yes, m, n, k, -1, a, k, b, k, 0.5, parallel, n);
        Assert.Equal(single, parallel);
    }

    [Fact]
    public void Describe_ThreeThreads_SaysManagedAndThreeThreads()
    {
        string description = new ManagedBlas(3).Describe();
        Assert.StartsWith("managed (", description);
        Assert.Contains("3 threads", description);
    }
}

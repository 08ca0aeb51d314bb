using MemLab.LinearAlgebra;
using MemLab.Probes;

namespace MemLab.Tests.Probes;

public class LinearCkaTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    [Fact]
    public void Similarity_IdenticalRepresentations_IsOne()
    {
        var x = Gaussian(200, 6, 1);
        Assert.Equal(1, LinearCka.Similarity(x, 6, x, 6, Blas), 12);
    }

    [Fact]
    public void Similarity_SingleColumns_IsTheSquaredCorrelation()
    {
        // For one feature on each side linear CKA reduces to the squared Pearson correlation; here x = (1, 2, 3),
        // y = (1, 2, 4): centred (-1, 0, 1) and (-4/3, -1/3, 5/3), so r^2 = 3^2 / (2 * 14/3) = 27/28.
        Assert.Equal(27.0 / 28, LinearCka.Similarity([1, 2, 3], 1, [1, 2, 4], 1, Blas), 12);
    }

    [Fact]
    public void Similarity_OrthogonalTransformAndIsotropicScaling_LeaveItUnchanged()
    {
        const int n = 150, p = 5;
        var x = Gaussian(n, p, 2);
        var z = Gaussian(n, 4, 3);
        for (int i = 0; i < n; i++) z[i * 4] += x[i * p];
        double reference = LinearCka.Similarity(x, p, z, 4, Blas);
        var rotated = Multiply(x, n, p, RandomOrthogonal(p, 4));
        var scaled = x.Select(v => 3.7 * v).ToArray();
        Assert.Equal(1, LinearCka.Similarity(x, p, rotated, p, Blas), 10);
        Assert.Equal(reference, LinearCka.Similarity(rotated, p, z, 4, Blas), 10);
        Assert.Equal(reference, LinearCka.Similarity(scaled, p, z, 4, Blas), 10);
        Assert.InRange(reference, 0.05, 0.95);
    }

    [Fact]
    public void Similarity_IndependentRandomFeatures_IsSmall()
    {
        var x = Gaussian(2000, 5, 5);
        var y = Gaussian(2000, 5, 6);
        Assert.InRange(LinearCka.Similarity(x, 5, y, 5, Blas), 0, 0.02);
    }

    [Fact]
    public void Similarity_ConstantRepresentationOrDifferentPointCounts_Throws()
    {
        var x = Gaussian(10, 2, 7);
        var constant = Enumerable.Repeat(0.5, 20).ToArray();
        Assert.Equal(MemLabErrorKind.InvalidData, Assert.Throws<MemLabException>(() => LinearCka.Similarity(x, 2, constant, 2, Blas)).Kind);
        var e = Assert.Throws<MemLabException>(() => LinearCka.Similarity(x, 2, Gaussian(9, 2, 8), 2, Blas));
        Assert.Contains("same points", e.Message);
    }

    private static double[] Gaussian(int n, int p, ulong seed)
    {
        var values = new double[n * p];
        new Seed(seed).CreateRng().FillGaussian(values);
        return values;
    }

    /// <summary>A p x p orthogonal matrix: Gram-Schmidt on Gaussian columns.</summary>
    private static double[,] RandomOrthogonal(int p, ulong seed)
    {
        var rng = new Seed(seed).CreateRng();
        var q = new double[p, p];
        for (int j = 0; j < p; j++)
        {
            var v = new double[p];
            for (int i = 0; i < p; i++) v[i] = rng.NextGaussian();
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < p; i++) dot += v[i] * q[i, k];
                for (int i = 0; i < p; i++) v[i] -= dot * q[i, k];
            }
            double norm = Math.Sqrt(v.Sum(a => a * a));
            for (int i = 0; i < p; i++) q[i, j] = v[i] / norm;
        }
        return q;
    }

    private static double[] Multiply(double[] x, int n, int p, double[,] q)
    {
        var result = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
                for (int k = 0; k < p; k++) result[i * p + j] += x[i * p + k] * q[k, j];
        return result;
    }
}

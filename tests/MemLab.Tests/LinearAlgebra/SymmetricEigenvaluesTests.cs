using MemLab.LinearAlgebra;

namespace MemLab.Tests.LinearAlgebra;

[Collection(TestBackends.OpenBlasCollection)]
public class SymmetricEigenvaluesTests
{
    public static TheoryData<string> Backends() => [.. TestBackends.Names()];

    [Theory]
    [MemberData(nameof(Backends))]
    public void Of_SecondDifferenceMatrix_GivesItsKnownSpectrumAscending(string backend)
    {
        // tridiag(-1, 2, -1) of order n has eigenvalues 2 - 2 cos(k pi / (n + 1)), k = 1..n.
        const int n = 40;
        var matrix = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            matrix[i * n + i] = 2;
            if (i > 0) matrix[i * n + i - 1] = matrix[(i - 1) * n + i] = -1;
        }
        double[] eigenvalues = SymmetricEigenvalues.Of(matrix, n, TestBackends.Create(backend));
        for (int k = 1; k <= n; k++) Assert.Equal(2 - 2 * Math.Cos(k * Math.PI / (n + 1)), eigenvalues[k - 1], 12);
    }

    [OpenBlasFact]
    public void Of_RandomSymmetric_LapackAgreesWithManaged()
    {
        const int n = 150;
        var rng = new Seed(11).CreateRng();
        var matrix = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) matrix[i * n + j] = matrix[j * n + i] = rng.NextGaussian();
        double[] lapack = SymmetricEigenvalues.Of((double[])matrix.Clone(), n, OpenBlas.Load(TestBackends.Threads));
        double[] managed = SymmetricEigenvalues.Of(matrix, n, new ManagedBlas(TestBackends.Threads));
        for (int i = 0; i < n; i++) Assert.Equal(managed[i], lapack[i], 9);
    }

    [Fact]
    public void Of_WrongSize_Refused()
    {
        Assert.Throws<ArgumentException>(() => SymmetricEigenvalues.Of(new double[5], 2, new ManagedBlas(1)));
    }
}

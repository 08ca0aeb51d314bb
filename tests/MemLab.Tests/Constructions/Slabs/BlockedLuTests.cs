using MemLab.Constructions.Slabs;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Constructions.Slabs;

public class BlockedLuTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(150)]
    public void FactorAndSolve_RandomSystemAcrossPanelBoundaries_ResidualAtRoundingLevel(int n)
    {
        var rng = new Seed((ulong)n).CreateRng();
        var matrix = new double[n * n];
        rng.FillGaussian(matrix);
        var solution = new double[2 * n];
        rng.FillGaussian(solution);
        var rhs = new double[2 * n];
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    rhs[c * n + i] += matrix[i * n + j] * solution[c * n + j];
        var factors = (double[])matrix.Clone();
        var pivots = new int[n];
        Assert.True(BlockedLu.Factor(factors, n, pivots, new ManagedBlas(1)));
        BlockedLu.Solve(factors, n, pivots, rhs, 2);
        for (int k = 0; k < 2 * n; k++)
            Assert.Equal(solution[k], rhs[k], 1e-8);
    }

    [Fact]
    public void Factor_ZeroRowPastTheFirstPanel_ReportsSingular()
    {
        const int n = 70;
        var rng = new Seed(3).CreateRng();
        var matrix = new double[n * n];
        rng.FillGaussian(matrix);
        matrix.AsSpan(66 * n, n).Clear();
        Assert.False(BlockedLu.Factor(matrix, n, new int[n], new ManagedBlas(1)));
    }
}

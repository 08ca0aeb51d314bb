using MathNet.Numerics.LinearAlgebra;
using MemLab.Data.Generators;

namespace MemLab.Tests.Data.Generators;

public class SubspaceGeneratorTests
{
    [Theory]
    [InlineData(200, 10, 3)]
    [InlineData(50, 8, 1)]
    [InlineData(40, 6, 6)]
    public void Generate_Data_HasNumericalRankR(int n, int d, int r)
    {
        var data = SubspaceGenerator.Generate(n, d, r, new Seed(4));

        Assert.Equal(r, NumericalRank(data));
    }

    [Fact]
    public void Generate_CoordinatesInTheSubspace_AreStandardNormal()
    {
        var data = SubspaceGenerator.Generate(20_000, 5, 2, new Seed(8));

        // With orthonormal U, |x| = |z|, and E|z|^2 = r.
        double meanSquaredNorm = Enumerable.Range(0, data.SampleCount)
            .Average(i => data.Row(i).ToArray().Sum(v => (double)v * v));
        Assert.InRange(meanSquaredNorm, 1.95, 2.05);
    }

    [Fact]
    public void Generate_ShapeAndLabels_NByDBinary()
    {
        var data = SubspaceGenerator.Generate(300, 9, 2, new Seed(1));

        Assert.Equal(300, data.SampleCount);
        Assert.Equal(9, data.FeatureCount);
        Assert.Equal(2, data.ClassCount);
        Assert.InRange(data.ClassSizes()[0], 150 - 50, 150 + 50);
    }

    [Fact]
    public void Generate_SameSeed_IdenticalBytesAndOtherSeedDiffers()
    {
        string first = SubspaceGenerator.Generate(100, 5, 2, new Seed(9)).ContentHash();

        Assert.Equal(first, SubspaceGenerator.Generate(100, 5, 2, new Seed(9)).ContentHash());
        Assert.NotEqual(first, SubspaceGenerator.Generate(100, 5, 2, new Seed(10)).ContentHash());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Generate_RankOutsideOneToD_ThrowsNamingR(int r)
    {
        var error = Assert.Throws<MemLabException>(() => SubspaceGenerator.Generate(10, 5, r, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains($"r = {r}", error.Message);
        Assert.Contains("[1, 5]", error.Message);
    }

    /// <summary>Singular values above max(N, d) * float32 epsilon * the largest: the matrix_rank rule for float32 data.</summary>
    private static int NumericalRank(Dataset data)
    {
        var x = Matrix<double>.Build.Dense(data.SampleCount, data.FeatureCount, (i, j) => data.Row(i)[j]);
        var singular = x.Svd(computeVectors: false).S;
        double tolerance = Math.Max(data.SampleCount, data.FeatureCount) * 1.2e-7 * singular.Maximum();
        return singular.Count(s => s > tolerance);
    }
}

using MathNet.Numerics.LinearAlgebra;
using MemLab.Data.Generators;

namespace MemLab.Tests.Data.Generators;

public class AnisotropicGeneratorTests
{
    [Fact]
    public void Generate_LargeN_CovarianceEigenvaluesAreTheSquaredLogSpacedScales()
    {
        const int D = 4;
        const double Cond = 10;
        var data = AnisotropicGenerator.Generate(40_000, D, Cond, new Seed(5));

        double[] eigenvalues = CovarianceEigenvalues(data).OrderDescending().ToArray();

        // s_j = cond^(-j/(d-1)), so the covariance Q diag(s^2) Q^T has eigenvalues cond^(-2j/(d-1)).
        for (int j = 0; j < D; j++)
            Assert.Equal(Math.Pow(Cond, -2.0 * j / (D - 1)), eigenvalues[j], 0.03 * eigenvalues[j]);
        Assert.InRange(eigenvalues[0] / eigenvalues[^1], 0.9 * Cond * Cond, 1.1 * Cond * Cond);
    }

    [Fact]
    public void Generate_RandomRotation_AxesAreNotTheCoordinateAxes()
    {
        var data = AnisotropicGenerator.Generate(20_000, 3, 100, new Seed(6));

        // Without the rotation the coordinate variances would be 1, 0.01 and 0.0001.
        var covariance = Covariance(data);
        Assert.True(covariance.Diagonal().Min() > 0.001, $"Smallest coordinate variance {covariance.Diagonal().Min()}");
    }

    [Fact]
    public void Generate_ConditionOne_IsIsotropic()
    {
        var data = AnisotropicGenerator.Generate(20_000, 3, 1, new Seed(7));

        foreach (double eigenvalue in CovarianceEigenvalues(data))
            Assert.InRange(eigenvalue, 0.95, 1.05);
    }

    [Fact]
    public void Generate_ShapeAndLabels_NByDBinary()
    {
        var data = AnisotropicGenerator.Generate(500, 6, 100, new Seed(1));

        Assert.Equal(500, data.SampleCount);
        Assert.Equal(6, data.FeatureCount);
        Assert.Equal(2, data.ClassCount);
        Assert.InRange(data.ClassSizes()[0], 250 - 60, 250 + 60);
    }

    [Fact]
    public void Generate_SameSeed_IdenticalBytesAndOtherSeedDiffers()
    {
        string first = AnisotropicGenerator.Generate(100, 4, 50, new Seed(9)).ContentHash();

        Assert.Equal(first, AnisotropicGenerator.Generate(100, 4, 50, new Seed(9)).ContentHash());
        Assert.NotEqual(first, AnisotropicGenerator.Generate(100, 4, 50, new Seed(10)).ContentHash());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void Generate_ConditionBelowOneOrNotFinite_ThrowsNamingCond(double cond)
    {
        var error = Assert.Throws<MemLabException>(() => AnisotropicGenerator.Generate(10, 3, cond, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("cond = " + cond.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    private static Matrix<double> Covariance(Dataset data)
    {
        var x = Matrix<double>.Build.Dense(data.SampleCount, data.FeatureCount,
            (i, j) => data.Row(i)[j]);
        var mean = x.ColumnSums() / data.SampleCount;
        var centred = x - Matrix<double>.Build.Dense(data.SampleCount, data.FeatureCount, (_, j) => mean[j]);
        return centred.TransposeThisAndMultiply(centred) / (data.SampleCount - 1);
    }

    private static double[] CovarianceEigenvalues(Dataset data) =>
        Covariance(data).Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).ToArray();
}

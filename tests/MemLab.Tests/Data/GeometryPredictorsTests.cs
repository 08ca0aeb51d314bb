using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Data;

public class GeometryPredictorsTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static GeometryPredictors Of(string spec)
    {
        var data = DatasetLoader.Load(spec, new DataLoadContext(null, Blas));
        return GeometryPredictors.Compute(data, GeometryReport.Describe(data, Blas), Blas, new Seed(0));
    }

    [Fact]
    public void Isotropic_EffectiveRankNearD_ConditionSmall()
    {
        var predictors = Of("gaussian:n=600,d=10,seed=1");
        Assert.InRange(predictors.EffectiveRank!.Value, 9, 10);
        Assert.InRange(predictors.ConditionNumber!.Value, 1, 1.7);
        Assert.True(predictors.NtkExact);
        Assert.True(predictors.NtkSmallestEigenvalue > 0);
    }

    [Fact]
    public void Anisotropic_ConditionNumberIsTheGeneratorsScaleRatio_EffectiveRankDrops()
    {
        var predictors = Of("anisotropic:n=800,d=10,cond=100,seed=1");
        // Scales log-spaced from 1 to 1/100: the sample condition number is near 100, and the variances
        // s_j^2 = 100^(-2j/9) give a participation ratio (sum s^2)^2 / sum s^4 of about 2.1.
        Assert.InRange(predictors.ConditionNumber!.Value, 70, 140);
        double sum = 0, sumOfSquares = 0;
        for (int j = 0; j < 10; j++) { double v = Math.Pow(100, -2.0 * j / 9); sum += v; sumOfSquares += v * v; }
        Assert.InRange(predictors.EffectiveRank!.Value, 0.9 * sum * sum / sumOfSquares, 1.1 * sum * sum / sumOfSquares);
    }

    [Fact]
    public void Subspace_ConditionNumberWithinTheSubspace()
    {
        var predictors = Of("subspace:n=300,d=20,r=3,seed=1");
        Assert.InRange(predictors.EffectiveRank!.Value, 2.5, 3.01);
        Assert.InRange(predictors.ConditionNumber!.Value, 1, 2);
    }

    [Fact]
    public void RealTargets_DistanceIsTheSmallestBetweenAnyTwoPoints()
    {
        var data = DatasetLoader.Load("gaussian:n=200,d=5,seed=4,targets=uniform", new DataLoadContext(null, Blas));
        var geometry = GeometryReport.Describe(data, Blas);
        var predictors = GeometryPredictors.Compute(data, geometry, Blas, new Seed(0));
        Assert.Null(geometry.MinDistanceBetweenClasses);
        Assert.Equal(geometry.MinDistance, predictors.MinDistanceBetweenLabels);
    }
}

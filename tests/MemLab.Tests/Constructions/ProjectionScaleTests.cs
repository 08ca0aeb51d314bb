using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Tests.LinearAlgebra;

namespace MemLab.Tests.Constructions;

/// <summary>
/// The issue's larger acceptance cases for the 1-D projection constructions (MNIST 3 vs 8, 10,000 points in 1,000
/// classes). They run on OpenBLAS where it loads (hence the collection) and on the managed backend otherwise.
/// </summary>
[Collection(TestBackends.OpenBlasCollection)]
public class ProjectionScaleTests
{
    private static readonly IBlas Blas = TestBackends.Create(TestBackends.Names().Last());

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(TestData.Directory, Blas));

    private static string Failures(BuildResult result) =>
        $"{result.Report.Verification.FailureCount} fail, e.g. {string.Join(",", result.Report.Verification.FailureIndices.Take(10))}";

    [Fact]
    public void Zhang_Mnist3Versus8_MemorizesAll11982Images()
    {
        var data = Load("mnist:split=train,classes=3-8");
        Assert.Equal(11982, data.SampleCount);
        var result = new ZhangConstruction(Blas).Build(data, new ZhangOptions(), new Seed(0));
        Assert.True(result.Report.Memorized, Failures(result));
        Assert.True(((ZhangDetails)result.Report.Details).ClassMargin > 0.5);
    }

    [Fact]
    public void Yun_Mnist3Versus8_MemorizesAll11982Images()
    {
        var data = Load("mnist:split=train,classes=3-8");
        var result = new YunConstruction(Blas).Build(data, new YunOptions(), new Seed(0));
        Assert.True(result.Report.Memorized, Failures(result));
        Assert.True(((YunDetails)result.Report.Details).ClassMargin > 0.5);
    }

    [Fact]
    public void Yun_10000PointsIn1000Classes_MemorizesAllWithAThirdLayerOfKPlusTwo()
    {
        int n = 10_000, d = 20, k = 1000;
        var data = Load($"gaussian:n={n},d={d},labels=random:{k}");
        Assert.Equal(k, data.ClassCount);
        var result = new YunConstruction(Blas).Build(data, new YunOptions(), new Seed(0));
        Assert.True(result.Report.Memorized, Failures(result));
        var details = (YunDetails)result.Report.Details;
        int d1 = 2 * details.Blocks - 1, d2 = details.LargestBlock;
        Assert.Equal([1, d1, d2, k + 2, k], result.Report.Widths);
        Assert.Equal([d1, d2, k + 2], details.HiddenUnits);
        // Projection (d + 1), layer 1 (2 d1), layer 2 ((d1 + 1) d2), ramps ((d2 + 1)(K + 2)), hat logits ((K + 2 + 1) K).
        Assert.Equal((long)(d + 1) + 2 * d1 + (d1 + 1) * d2 + (d2 + 1) * (k + 2) + (k + 3) * k, result.Report.ParameterCount);
        Assert.Equal(4 * Math.Sqrt(n) + 4 * k, details.KClassStatementUnits);
        Assert.True(d1 + d2 + k + 2 < 4 * Math.Sqrt(n) + 4 * k);
        Assert.True(details.ClassMargin > 0.5, $"class margin {details.ClassMargin}");
    }
}

using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Constructions;

public class ZhangConstructionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec, string? dataDirectory = null) => DatasetLoader.Load(spec, new DataLoadContext(dataDirectory, Blas));

    private static BuildResult Build(Dataset data, ulong seed = 0, ZhangOptions? options = null, IBlas? blas = null) =>
        new ZhangConstruction(blas ?? Blas).Build(data, options ?? new ZhangOptions(), new Seed(seed));

    [Theory]
    [InlineData("gaussian:n=2000,d=20,labels=random,seed=1", OutputRule.Sign)]
    [InlineData("gaussian:n=2000,d=20,targets=uniform,seed=1", OutputRule.Value)]
    public void Build_2000GaussianPointsInD20_MemorizesAndTheReloadedNetworkVerifies(string spec, OutputRule rule)
    {
        var data = Load(spec);
        var result = Build(data, 3);
        Assert.True(result.Report.Memorized, $"failures: {string.Join(",", result.Report.Verification.FailureIndices)}");
        Assert.Equal(rule, result.Network.OutputRule);
        var reloaded = ConstructionChecks.VerifyReloaded(result.Network, data, Blas);
        Assert.True(reloaded.Memorized);
        if (rule == OutputRule.Value) Assert.True(reloaded.MaxError <= 1e-6, $"max error {reloaded.MaxError}");
        else Assert.InRange(((ZhangDetails)result.Report.Details).ClassMargin!.Value, 0.99, 1.01);
    }

    [Fact]
    public void Build_ParameterCountIsThreeNPlusDPlusTwo_AndThePapersCountTwoNPlusD()
    {
        var data = Load("gaussian:n=300,d=12,targets=uniform");
        var result = Build(data);
        int n = 300, d = 12;
        // Projection: d weights + 1 bias; N ReLUs: N weights + N biases; output: N weights + 1 bias.
        Assert.Equal((long)(d + 1) + 2 * n + (n + 1), result.Report.ParameterCount);
        Assert.Equal([1, n, 1], result.Report.Widths);
        var details = (ZhangDetails)result.Report.Details;
        Assert.Equal(2L * n + d, details.PaperParameterCount);
        Assert.Equal(result.Report.ParameterCount / (double)n, details.ParametersPerPoint);
    }

    [Fact]
    public void Build_KnotsInterleaveTheSortedProjections()
    {
        // b_1 < s_1 < b_2 < s_2 < ... : the structure that makes the system lower triangular with a positive diagonal.
        var data = Load("gaussian:n=200,d=5,targets=uniform,seed=4");
        var network = Build(data, 2).Network;
        var projection = (DenseLayer)network.Layers[0];
        var s = new double[data.SampleCount];
        for (int i = 0; i < s.Length; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            for (int k = 0; k < row.Length; k++) s[i] += projection.Weights[k] * row[k];
            s[i] += projection.Bias[0];
        }
        double[] sorted = s.Order().ToArray();
        double[] knots = network.Layers[1].Bias.ToArray().Select(b => -b).ToArray();
        Assert.All(network.Layers[1].StoredWeights.ToArray(), w => Assert.Equal(1.0, w));
        for (int j = 0; j < sorted.Length; j++)
        {
            Assert.True(knots[j] < sorted[j], $"knot {j}");
            if (j > 0) Assert.True(sorted[j - 1] < knots[j], $"knot {j}");
        }
    }

    [Fact]
    public void Build_MoreThanTwoClasses_InvalidDataPointingToYun()
    {
        var error = Assert.Throws<MemLabException>(() => Build(Load("gaussian:n=100,d=4,labels=random:3")));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("3 classes", error.Message);
        Assert.Contains("yun", error.Message);
    }

    [Fact]
    public void Build_DuplicatePoints_InvalidDataNamingThem()
    {
        float[] features = [0, 1, 2, 3, 0, 1, 5, 5];
        var data = Dataset.Regression(features, 2, [0.5, 0.1, 0.5, -0.2], new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => Build(data));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("Samples 0 and 2", error.Message);
    }

    [Fact]
    public void Build_SameSeed_BitIdenticalNetworkForOneAndTwoThreads()
    {
        var data = Load("gaussian:n=1500,d=20,labels=random,seed=6");
        var one = Build(data, 11, blas: new ManagedBlas(1)).Network;
        var two = Build(data, 11, blas: new ManagedBlas(2)).Network;
        ConstructionChecks.AssertIdentical(one, two);
        Assert.NotEqual(one.Layers[0].StoredWeights.ToArray(), Build(data, 12).Network.Layers[0].StoredWeights.ToArray());
    }
}

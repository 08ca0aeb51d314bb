using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Constructions;

public class YunConstructionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec, string? dataDirectory = null) => DatasetLoader.Load(spec, new DataLoadContext(dataDirectory, Blas));

    private static BuildResult Build(Dataset data, ulong seed = 0, YunOptions? options = null, IBlas? blas = null) =>
        new YunConstruction(blas ?? Blas).Build(data, options ?? new YunOptions(), new Seed(seed));

    private static string Failures(BuildResult result) =>
        $"{result.Report.Verification.FailureCount} fail, e.g. {string.Join(",", result.Report.Verification.FailureIndices.Take(10))}";

    [Theory]
    [InlineData("gaussian:n=2000,d=20,labels=random,seed=1", OutputRule.Sign)]
    [InlineData("gaussian:n=2000,d=20,targets=uniform,seed=1", OutputRule.Value)]
    public void Build_2000GaussianPointsInD20_MemorizesAndTheReloadedNetworkVerifies(string spec, OutputRule rule)
    {
        var data = Load(spec);
        var result = Build(data, 3);
        Assert.True(result.Report.Memorized, Failures(result));
        Assert.Equal(rule, result.Network.OutputRule);
        var reloaded = ConstructionChecks.VerifyReloaded(result.Network, data, Blas);
        Assert.True(reloaded.Memorized);
        if (rule == OutputRule.Value) Assert.True(reloaded.MaxError <= 1e-6, $"max error {reloaded.MaxError}");
        else Assert.InRange(((YunDetails)result.Report.Details).ClassMargin!.Value, 0.99, 1.01);
    }

    [Fact]
    public void Build_2000Points_TwoHiddenLayersOfAboutSqrtN()
    {
        int n = 2000, d = 20;
        var result = Build(Load($"gaussian:n={n},d={d},targets=uniform"));
        var details = (YunDetails)result.Report.Details;
        int requested = (int)Math.Round(Math.Sqrt(n / 2.0));
        int d1 = 2 * details.Blocks - 1, d2 = details.LargestBlock;
        Assert.InRange(details.Blocks, (n + d2 - 1) / d2, requested);
        Assert.InRange(d2, 1, (int)Math.Ceiling(9.0 * n / (8 * requested)));
        Assert.Equal([1, d1, d2, 1], result.Report.Widths);
        Assert.InRange(d1 + d2, 2 * Math.Sqrt(n), 4 * Math.Sqrt(n));
        // Projection (d + 1), layer 1 (one input: 2 d1), layer 2 ((d1 + 1) d2), output (d2 + 1).
        Assert.Equal((long)(d + 1) + 2 * d1 + (d1 + 1) * d2 + (d2 + 1), result.Report.ParameterCount);
        Assert.Equal(4L * (d1 / 2) * (d2 / 2), details.TheoremCapacity);
        Assert.True(details.TheoremCapacity >= n);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(2000)]
    [InlineData(10_001)]
    public void TheoremHiddenUnits_IsTheSmallestD1PlusD2ThatTheTheoremAllows(int n)
    {
        int best = int.MaxValue;
        for (int d1 = 1; d1 <= 2 * Math.Sqrt(n) + 4; d1++)
            for (int d2 = 1; d2 <= 2 * Math.Sqrt(n) + 4; d2++)
                if (4L * (d1 / 2) * (d2 / 2) >= n) best = Math.Min(best, d1 + d2);
        Assert.Equal(best, YunConstruction.TheoremHiddenUnits(n));
    }

    [Fact]
    public void Build_BlocksOption_LayerOneHasTwoPMinusOneUnitsWithKnotsOnlyBetweenBlocks()
    {
        var data = Load("gaussian:n=60,d=1,targets=uniform,seed=2");
        var result = Build(data, 0, new YunOptions { Blocks = 5 });
        Assert.True(result.Report.Memorized, Failures(result));
        var details = (YunDetails)result.Report.Details;
        Assert.Equal(5, details.Blocks);
        Assert.Equal(2 * 5 - 1, result.Report.Widths[1]);
        // Every knot but the first lies in a gap between consecutive points, and the two knots of a gap share it.
        double[] s = ForwardPass.Evaluate(new Network([result.Network.Layers[0]], OutputRule.Value, result.Network.Provenance), data, Blas, Precision.Float64)
            .Order().ToArray();
        double[] knots = result.Network.Layers[1].Bias.ToArray().Select(b => -b).ToArray();
        Assert.True(knots[0] < s[0]);
        for (int g = 1; g < knots.Length; g += 2)
        {
            int after = Array.FindIndex(s, v => v > knots[g]);
            Assert.True(after > 0 && s[after - 1] < knots[g] && knots[g] < knots[g + 1] && knots[g + 1] < s[after], $"gap knots {g}, {g + 1}");
        }
    }

    [Fact]
    public void Build_ThreeClasses_LogitsAreOneForTheTrueClassAndZeroElsewhere()
    {
        var data = Load("mixture:n=300,d=4,k=3,seed=1");
        var result = Build(data);
        Assert.True(result.Report.Memorized, Failures(result));
        Assert.Equal(OutputRule.Argmax, result.Network.OutputRule);
        double[] logits = ForwardPass.Evaluate(result.Network, data, Blas, Precision.Float64);
        for (int i = 0; i < data.SampleCount; i++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(c == data.Labels[i] ? 1.0 : 0.0, logits[i * 3 + c], 6);
    }

    [Fact]
    public void Build_GapsTooSmallForFloat64_NotMemorizedWithExactlyTheFailingPointsListed()
    {
        // Ten points one float32 ulp apart near 1 and three far away: the blocks of at most 5 points must be cut inside
        // the cluster, so weights reach ~1/ulp^2 and float64 cannot reproduce the targets there.
        var features = new List<float>();
        var targets = new List<double>();
        for (int k = 0; k < 10; k++)
        {
            features.Add(1 + k * MathF.Pow(2, -23));
            targets.Add((k % 2 == 1 ? 0.3 : -0.7) + 0.01 * k);
        }
        features.AddRange([1e6f, 1.3e6f, 2.7e6f]);
        targets.AddRange([0.1, -0.45, 0.77]);
        var data = Dataset.Regression(features.ToArray(), 1, targets.ToArray(), new DatasetProvenance("hand-made", "hand-made"));
        var result = Build(data);
        Assert.False(result.Report.Memorized);
        double[] outputs = ForwardPass.Evaluate(result.Network, data, Blas, Precision.Float64);
        int[] failing = Enumerable.Range(0, data.SampleCount).Where(i => !(Math.Abs(outputs[i] - targets[i]) <= Verification.DefaultTolerance)).ToArray();
        Assert.NotEmpty(failing);
        Assert.Equal(failing, result.Report.Verification.FailureIndices);
        Assert.True(result.Report.Verification.MaxAbsWeight > 1e12, $"max |weight| {result.Report.Verification.MaxAbsWeight}");
    }

    [Fact]
    public void Build_TargetsOutsideMinusOneToOne_RefusedNamingTheSample()
    {
        var data = Dataset.Regression([0, 1, 2, 3], 1, [0.5, -0.5, 1.5, 0], new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => Build(data));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("sample 2", error.Message);
        Assert.Contains("[-1, 1]", error.Message);
        Assert.Contains("does not rescale", error.Message);
    }

    [Fact]
    public void Build_MoreClassesThanPoints_InvalidData()
    {
        var names = Enumerable.Range(0, 10).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var data = Dataset.Classification([0, 1, 2, 3, 4], 1, [0, 3, 9, 4, 1], names, new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => Build(data));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("K = 10", error.Message);
        Assert.Contains("N = 5", error.Message);
    }

    [Fact]
    public void Build_DuplicatePoints_InvalidDataNamingThem()
    {
        var data = Dataset.Classification([0, 1, 2, 3, 2, 3], 2, [0, 1, 1], null, new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => Build(data));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("Samples 1 and 2", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Build_BlocksOutOfRange_InvalidOptionsNamingBlocks(int blocks)
    {
        var error = Assert.Throws<MemLabException>(() => Build(Load("gaussian:n=50,d=3,targets=uniform"), options: new YunOptions { Blocks = blocks }));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("Blocks", error.Message);
    }

    [Fact]
    public void Build_SameSeed_BitIdenticalNetworkForOneAndTwoThreads()
    {
        var data = Load("gaussian:n=1500,d=20,labels=random:5,seed=6");
        var one = Build(data, 11, blas: new ManagedBlas(1)).Network;
        var two = Build(data, 11, blas: new ManagedBlas(2)).Network;
        ConstructionChecks.AssertIdentical(one, two);
        Assert.NotEqual(one.Layers[0].StoredWeights.ToArray(), Build(data, 12).Network.Layers[0].StoredWeights.ToArray());
    }
}

using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Constructions;

public class FinkeConstructionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, Blas));

    private static BuildResult Build(Dataset data, FinkeOptions options, ulong seed, IBlas? blas = null) =>
        new FinkeConstruction(blas ?? Blas).Build(data, options, new Seed(seed));

    private static Dataset Points(float[] features, int d, int[] labels, string spec = "hand-made") =>
        Dataset.Classification(features, d, labels, null, new DatasetProvenance(spec, spec));

    [Fact]
    public void Build_MoonsLambdaHalfWidth200RandomCover_MemorizesForMostSeeds()
    {
        var moons = Load("moons:n=1000,noise=0.05");
        var options = new FinkeOptions { Width = 200, Lambda = 0.5, Cover = Cover.Random };
        int memorized = Enumerable.Range(0, 10).Count(seed => Build(moons, options, (ulong)seed).Report.Memorized);
        Assert.True(memorized >= 8, $"memorized for {memorized} of 10 seeds");
    }

    [Fact]
    public void Build_MoonsLambdaZero_NeverMemorizesAndFailuresAreTheUncoverablePoints()
    {
        // Centred data and hyperplanes through the origin (the paper's point): some x- always has m = 0.
        var moons = Load("moons:n=1000,noise=0.05");
        foreach (ulong seed in new ulong[] { 0, 1, 2 })
        {
            var report = Build(moons, new FinkeOptions { Width = 200, Lambda = 0, Cover = Cover.Random }, seed).Report;
            var details = (FinkeDetails)report.Details;
            Assert.False(report.Memorized);
            Assert.NotEmpty(details.UncoverableIndices);
            Assert.Equal(details.UncoverableIndices, report.Verification.FailureIndices);
        }
    }

    [Fact]
    public void Build_GreedyCover_NoWiderThanRandomCoverOnTheSameFirstLayer()
    {
        var moons = Load("moons:n=1000,noise=0.05");
        foreach (ulong seed in new ulong[] { 0, 1, 2, 3, 4 })
        {
            var random = Build(moons, new FinkeOptions { Width = 200, Cover = Cover.Random }, seed);
            var greedy = Build(moons, new FinkeOptions { Width = 200, Cover = Cover.Greedy }, seed);
            Assert.Equal(random.Network.Layers[0].StoredWeights.ToArray(), greedy.Network.Layers[0].StoredWeights.ToArray());
            int randomWidth = ((FinkeDetails)random.Report.Details).PrunedWidth;
            int greedyWidth = ((FinkeDetails)greedy.Report.Details).PrunedWidth;
            Assert.True(greedyWidth <= randomWidth, $"seed {seed}: greedy {greedyWidth} > random {randomWidth}");
            Assert.True(greedy.Report.Memorized);
        }
    }

    [Fact]
    public void Build_MoonsFullReachRandomCover_PrunedWidthNearThePapersSix()
    {
        // Dirksen, Finke and Genzel report a pruned width of about 6 on moons (N = 1000, noise 0.05, n = 200, lambda 0.5).
        var moons = Load("moons:n=1000,noise=0.05");
        var widths = Enumerable.Range(0, 10).Select(seed =>
        {
            var result = Build(moons, new FinkeOptions { Width = 200, Lambda = 0.5, Cover = Cover.Random }, (ulong)seed);
            return ((FinkeDetails)result.Report.Details).PrunedWidth;
        }).ToList();
        Assert.InRange(widths.Average(), 3.0, 9.0);
    }

    [Fact]
    public void Build_HalfReach_MemorizesWithMoreNeuronsThanFullReach()
    {
        var moons = Load("moons:n=1000,noise=0.05");
        foreach (ulong seed in new ulong[] { 0, 1, 2 })
        {
            var full = Build(moons, new FinkeOptions { Width = 200, Cover = Cover.Greedy, Reach = CoverReach.Full }, seed);
            var half = Build(moons, new FinkeOptions { Width = 200, Cover = Cover.Greedy, Reach = CoverReach.Half }, seed);
            Assert.True(full.Report.Memorized && half.Report.Memorized, $"seed {seed}");
            int fullWidth = ((FinkeDetails)full.Report.Details).PrunedWidth, halfWidth = ((FinkeDetails)half.Report.Details).PrunedWidth;
            Assert.True(fullWidth < halfWidth, $"seed {seed}: full reach {fullWidth} neurons, half reach {halfWidth}");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(63)]
    public void Build_FullReachBiasIsMMinusHalf_HalfReachBiasIsCeilHalfMMinusHalf(int width)
    {
        // Recomputing m from the float64 forward pass also checks the bit-packed codes (63 exercises the scalar tail).
        // Every second-layer neuron is silent on the other class, so its bias is below the smallest inner product m
        // there; the two reaches write m - 1/2 and ceil(m/2) - 1/2. Recover m from the network and check both forms.
        var data = Load("mixture:n=120,d=3,k=2,spread=0.3,seed=2");
        foreach (var reach in new[] { CoverReach.Full, CoverReach.Half })
        {
            var network = Build(data, new FinkeOptions { Width = width, Cover = Cover.None, Reach = reach }, 1).Network;
            var codes = MemLab.Networks.ForwardPass.Evaluate(new Network([network.Layers[0]], OutputRule.Argmax, network.Provenance), data, Blas, MemLab.Networks.Precision.Float64);
            var second = (DenseLayer)network.Layers[1];
            for (int unit = 0; unit < second.OutputCount; unit++)
            {
                double m = double.PositiveInfinity;
                for (int i = 0; i < data.SampleCount; i++)
                {
                    if (data.Labels[i] == 0) continue;
                    double product = 0;
                    for (int u = 0; u < width; u++) product -= second.Weights[unit * width + u] * codes[i * width + u];
                    m = Math.Min(m, product);
                }
                double expected = reach == CoverReach.Full ? m - 0.5 : Math.Ceiling(m / 2) - 0.5;
                Assert.Equal(expected, second.Bias[unit]);
            }
        }
    }

    [Fact]
    public void Options_FullReachWithRelu_InvalidNamingReach()
    {
        var error = Assert.Throws<MemLabException>(() =>
            Build(Load("moons:n=50"), new FinkeOptions { Activation = Activation.Relu, Reach = CoverReach.Full }, 0));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("Reach Full", error.Message);
        Assert.Equal(CoverReach.Half, new FinkeOptions { Activation = Activation.Relu }.EffectiveReach);
        Assert.Equal(CoverReach.Full, new FinkeOptions().EffectiveReach);
    }

    [Fact]
    public void Build_NoCover_OneNeuronPerClassZeroPoint()
    {
        var moons = Load("moons:n=400,noise=0.05");
        var result = Build(moons, new FinkeOptions { Width = 200, Cover = Cover.None }, 3);
        Assert.True(result.Report.Memorized);
        Assert.Equal(moons.ClassSizes()[0], result.Network.Layers[1].OutputCount);
    }

    [Theory]
    [InlineData(Cover.Greedy)]
    [InlineData(Cover.Random)]
    [InlineData(Activation.Relu)]
    public void Build_FourClassMixture_MemorizesWithArgmaxOutput(object variant)
    {
        var mixture = Load("mixture:n=600,d=5,k=4");
        var options = variant is Cover cover ? new FinkeOptions { Width = 300, Cover = cover } : new FinkeOptions { Width = 300, Activation = Activation.Relu };
        var result = Build(mixture, options, 1);
        Assert.True(result.Report.Memorized, $"failures: {string.Join(",", result.Report.Verification.FailureIndices)}");
        Assert.Equal(OutputRule.Argmax, result.Network.OutputRule);
        Assert.Equal(4, result.Network.OutputCount);
    }

    [Fact]
    public void Build_Moons_ParameterCountIsThePapersFormula()
    {
        var moons = Load("moons:n=500,noise=0.05");
        var result = Build(moons, new FinkeOptions { Width = 150 }, 2);
        int d = 2, n = 150, k2 = result.Network.Layers[1].OutputCount;
        Assert.Equal((long)d * n + n + n * k2 + k2 + k2 + 1, result.Report.ParameterCount);
        Assert.Equal(k2, ((FinkeDetails)result.Report.Details).PrunedWidth);
        Assert.Equal([n, k2, 1], result.Report.Widths);
    }

    [Fact]
    public void Build_KClasses_ParameterCountCountsTheDenseOrLayer()
    {
        var mixture = Load("mixture:n=300,d=3,k=3");
        var result = Build(mixture, new FinkeOptions { Width = 100 }, 2);
        int d = 3, n = 100, k = 3, k2 = result.Network.Layers[1].OutputCount;
        Assert.Equal((long)d * n + n + n * k2 + k2 + k * k2 + k, result.Report.ParameterCount);
    }

    [Theory]
    [InlineData(Cover.Greedy, Activation.Threshold)]
    [InlineData(Cover.Random, Activation.Threshold)]
    [InlineData(Cover.Random, Activation.Relu)]
    public void Build_SameSeed_IdenticalNetworkForOneAndTwoThreads(Cover cover, Activation activation)
    {
        var mixture = Load("mixture:n=1500,d=4,k=3");
        var options = new FinkeOptions { Width = 120, Cover = cover, Activation = activation };
        var one = Build(mixture, options, 9, new ManagedBlas(1)).Network;
        var two = Build(mixture, options, 9, new ManagedBlas(2)).Network;
        Assert.Equal(one.Layers.Count, two.Layers.Count);
        for (int l = 0; l < one.Layers.Count; l++)
        {
            Assert.Equal(one.Layers[l].StoredWeights.ToArray(), two.Layers[l].StoredWeights.ToArray());
            Assert.Equal(one.Layers[l].Bias.ToArray(), two.Layers[l].Bias.ToArray());
        }
    }

    [Fact]
    public void Build_DoesNotModifyTheData()
    {
        var moons = Load("moons:n=300,noise=0.05");
        float[] features = moons.Features.ToArray();
        int[] labels = moons.Labels.ToArray();
        string hash = moons.ContentHash();
        Build(moons, new FinkeOptions { Width = 64 }, 0);
        Assert.Equal(features, moons.Features.ToArray());
        Assert.Equal(labels, moons.Labels.ToArray());
        Assert.Equal(hash, moons.ContentHash());
    }

    [Fact]
    public void Build_PointWithZeroM_ReportedAsUncoverableAndFailing()
    {
        // lambda = 0: every hyperplane passes through the origin, so (1, 0) and (0.5, 0) have the same code and
        // sample 0 (class 0) has m = 0; sample 1 = (0, 1) has a different direction and gets a neuron.
        var data = Points([1f, 0f, 0f, 1f, 0.5f, 0f], 2, [0, 0, 1]);
        var report = Build(data, new FinkeOptions { Width = 200, Lambda = 0 }, 0).Report;
        Assert.Equal([0], ((FinkeDetails)report.Details).UncoverableIndices);
        Assert.False(report.Memorized);
        Assert.Equal([0], report.Verification.FailureIndices);
    }

    [Fact]
    public void Build_NoPointCoverable_ThrowsHypothesisViolatedNamingTheSample()
    {
        var data = Points([1f, 0f, 0.5f, 0f], 2, [0, 1]);
        var error = Assert.Throws<MemLabException>(() => Build(data, new FinkeOptions { Width = 50, Lambda = 0 }, 0));
        Assert.Equal(MemLabErrorKind.HypothesisViolated, error.Kind);
        Assert.Contains("sample 0", error.Message);
    }

    [Theory]
    [InlineData(0, 0.5, Activation.Threshold, "Width", "0")]
    [InlineData(10, -1.0, Activation.Threshold, "Lambda", "-1")]
    [InlineData(10, double.NaN, Activation.Threshold, "Lambda", "NaN")]
    [InlineData(10, double.PositiveInfinity, Activation.Threshold, "Lambda", "Infinity")]
    [InlineData(10, 0.5, Activation.Identity, "Activation", "Identity")]
    public void Build_InvalidOption_ThrowsInvalidOptionsNamingIt(int width, double lambda, Activation activation, string name, string value)
    {
        var data = Points([1f, 0f, 0f, 1f], 2, [0, 1]);
        var options = new FinkeOptions { Width = width, Lambda = lambda, Activation = activation };
        var error = Assert.Throws<MemLabException>(() => Build(data, options, 0));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(name, error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void Build_InvalidCover_ThrowsInvalidOptions()
    {
        var data = Points([1f, 0f, 0f, 1f], 2, [0, 1]);
        var error = Assert.Throws<MemLabException>(() => Build(data, new FinkeOptions { Cover = (Cover)7 }, 0));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("Cover", error.Message);
    }

    [Fact]
    public void Build_SeveralInvalidOptions_OneMessageNamesAll()
    {
        var data = Points([1f, 0f, 0f, 1f], 2, [0, 1]);
        var error = Assert.Throws<MemLabException>(() => Build(data, new FinkeOptions { Width = -3, Lambda = -2 }, 0));
        Assert.Contains("Width", error.Message);
        Assert.Contains("-3", error.Message);
        Assert.Contains("Lambda", error.Message);
        Assert.Contains("-2", error.Message);
    }

    [Fact]
    public void Build_EmptyClass_ThrowsInvalidDataNamingTheClass()
    {
        var data = Dataset.Classification([1f, 0f, 0f, 1f], 2, [0, 0], ["zero", "one"], new DatasetProvenance("two points", "two points"));
        var error = Assert.Throws<MemLabException>(() => Build(data, new FinkeOptions(), 0));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("Class 1", error.Message);
    }

    [Fact]
    public void Build_OneClass_ThrowsInvalidData()
    {
        var data = Points([1f, 0f, 0f, 1f], 2, [0, 0]);
        var error = Assert.Throws<MemLabException>(() => Build(data, new FinkeOptions(), 0));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("has 1", error.Message);
    }

    [Fact]
    public void Build_RealTargets_ThrowsInvalidData()
    {
        var data = Dataset.Regression([1f, 0f, 0f, 1f], 2, [0.5, 1.5], new DatasetProvenance("real", "real"));
        var error = Assert.Throws<MemLabException>(() => Build(data, new FinkeOptions(), 0));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("real targets", error.Message);
    }

    [Fact]
    public void Build_ConflictingDuplicates_ThrowsInvalidDataNamingThePoints()
    {
        var data = Points([1f, 0f, 0f, 1f, 1f, 0f], 2, [0, 1, 1]);
        var error = Assert.Throws<MemLabException>(() => Build(data, new FinkeOptions(), 0));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("Samples 0 and 2", error.Message);
    }
}

using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

/// <summary>
/// The fused verification pass for threshold-first networks against the general pass: with the managed backend both
/// sum in the same order, so every report field must agree exactly, margins included.
/// </summary>
public class ThresholdFirstPassTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, Blas));

    public static TheoryData<string> Cases() =>
    [
        "finke-moons",
        "finke-moons-unmemorized",
        "finke-mixture-3-classes",
        "random-3-layers-sign",
        "random-2-layers-argmax-identity",
        "random-4-layers-wrong-labels",
        "random-2-layers-narrow-last-word",
        "random-2-layers-sign-output",
        "near-thresholds-sign",
        "near-thresholds-finke",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_FusedAndGeneralPasses_GiveIdenticalReports(string name)
    {
        var (network, data) = Case(name);
        Assert.True(ThresholdFirstPass.Applies(network));

        // Small chunks (37 rows) so several chunks and both threads' parts are exercised.
        // The fused pass with and without the float32 screen of the first layer.
        VerificationReport general = Verification.VerifyWith(network, data, Blas, Verification.DefaultTolerance, 37, fused: false);
        foreach (bool screened in new[] { true, false })
            AssertSameReport(general, Verification.VerifyWith(network, data, Blas, Verification.DefaultTolerance, 37, fused: true, screened: screened));
    }

    private static void AssertSameReport(VerificationReport general, VerificationReport fused)
    {
        Assert.Equal(general.FailureIndices, fused.FailureIndices);
        Assert.Equal(general.TieCount, fused.TieCount);
        Assert.Equal(general.MinThresholdMargin, fused.MinThresholdMargin);
        Assert.Equal(general.MaxAbsWeight, fused.MaxAbsWeight);
        Assert.Equal(general.MaxError, fused.MaxError);
        Assert.Equal(general.ParameterCount, fused.ParameterCount);
        Assert.Equal(general.Widths, fused.Widths);
        Assert.Equal(general.SampleCount, fused.SampleCount);
    }

    [Fact]
    public void Screen_TakesOverFromTheFloat64SumsOnceAMarginBelowItsFloorIsKnown()
    {
        // Exact zeros sit in the first chunk: it goes through the float64 sums (no margin at most the screen's floor is
        // known before it), and every later chunk is screened. A network whose margins are all large never shows such a
        // margin, so none of its chunks is screened (a screen would have been followed by the float64 sums every time).
        // Both must report what the general pass reports.
        foreach (var (name, screensAfterTheFirst) in new[] { ("near-thresholds-sign", true), ("random-2-layers-sign-output", false) })
        {
            var (network, data) = Case(name);
            int n = data.SampleCount, chunk = 37;
            MarginTracker margins = MarginTracker.For(network, Blas, chunk, ForwardPass.BitHandovers(network))!;
            var outputs = new double[n * network.OutputCount];
            int screened = ThresholdFirstPass.Evaluate(network, data.Features, n, Blas, chunk, outputs, margins, screened: true);

            VerificationReport general = Verification.VerifyWith(network, data, Blas, Verification.DefaultTolerance, chunk, fused: false);
            Assert.Equal(general.MinThresholdMargin, margins.Smallest);
            Assert.Equal(screensAfterTheFirst ? (n + chunk - 1) / chunk - 1 : 0, screened);
        }
        var (near, nearData) = Case("near-thresholds-sign");
        Assert.Equal(0.0, Verification.Verify(near, nearData, Blas).MinThresholdMargin!.Value);
    }

    [Fact]
    public void Verify_CasesCoverFailuresAndSuccesses()
    {
        // The theory above must compare reports with failures as well as clean ones, or it could miss a pass that drops them.
        Assert.True(Verification.Verify(Case("finke-moons").Network, Case("finke-moons").Data, Blas).Memorized);
        var (network, data) = Case("random-4-layers-wrong-labels");
        Assert.NotEmpty(Verification.Verify(network, data, Blas).FailureIndices);
        var (unmemorized, moons) = Case("finke-moons-unmemorized");
        Assert.NotEmpty(Verification.Verify(unmemorized, moons, Blas).FailureIndices);
    }

    [Fact]
    public void Verify_ThresholdFirstNetwork_TakesTheFusedPassByDefault()
    {
        var (network, data) = Case("finke-moons");
        VerificationReport fused = Verification.VerifyWith(network, data, Blas, Verification.DefaultTolerance, ForwardPass.DefaultChunkRows, fused: true);

        VerificationReport automatic = Verification.Verify(network, data, Blas);

        Assert.Equal(fused.MinThresholdMargin, automatic.MinThresholdMargin);
        Assert.False(ThresholdFirstPass.Applies(TestNetworks.Random(new Seed(1), [20, 8, 1], Activation.Threshold, Activation.Identity, OutputRule.Sign)));
        Assert.False(ThresholdFirstPass.Applies(TestNetworks.Random(new Seed(1), [2, 8, 1], Activation.Relu, Activation.Identity, OutputRule.Sign)));
    }

    private static (Network Network, Dataset Data) Case(string name)
    {
        var construction = new FinkeConstruction(Blas);
        switch (name)
        {
            case "finke-moons":
            {
                Dataset moons = Load("moons:n=400,noise=0.05,seed=3");
                return (construction.Build(moons, new FinkeOptions { Width = 150, Lambda = 0.5 }, new Seed(2)).Network, moons);
            }
            case "finke-moons-unmemorized":
            {
                // Lambda = 0 on centred data leaves points uncovered: the network fails on some of them.
                Dataset moons = Load("moons:n=300,noise=0.05,seed=4");
                return (construction.Build(moons, new FinkeOptions { Width = 20, Lambda = 0, Cover = Cover.Random }, new Seed(5)).Network, moons);
            }
            case "finke-mixture-3-classes":
            {
                Dataset mixture = Load("mixture:n=300,d=3,k=3,spread=0.3,seed=6");
                return (construction.Build(mixture, new FinkeOptions { Width = 130, Lambda = 0.5 }, new Seed(7)).Network, mixture);
            }
            case "near-thresholds-sign":
            {
                // Pre-activations at, within rounding of and near 0 (exact zeros at samples 0 and 1), a random output.
                var (first, points) = NarrowLayerTests.NearThresholds(2, 150, 300, 21);
                Network random = TestNetworks.Random(new Seed(22), [2, 150, 1], Activation.Threshold, Activation.Identity, OutputRule.Sign);
                var network = new Network([first, random.Layers[1]], OutputRule.Sign, NetworkProvenance.Manual("near thresholds"));
                Rng rng = new Seed(23).CreateRng();
                return (network, TestNetworks.Labelled(points, 2, Enumerable.Range(0, 300).Select(_ => rng.NextInt(2)).ToArray(), 2));
            }
            case "near-thresholds-finke":
            {
                // A Finke network (popcount second layer) whose first layer is replaced by one with values near 0.
                Dataset moons = Load("moons:n=300,noise=0.05,seed=8");
                Network built = construction.Build(moons, new FinkeOptions { Width = 150, Lambda = 0.5 }, new Seed(9)).Network;
                var (first, _) = NarrowLayerTests.NearThresholds(2, 150, 300, 24);
                var nearFirst = new DenseLayer(2, 150, first.Weights.ToArray(), NearBias(first, moons), Activation.Threshold);
                return (new Network([nearFirst, built.Layers[1], built.Layers[2]], built.OutputRule, NetworkProvenance.Manual("near thresholds finke")), moons);
            }
            case "random-3-layers-sign":
                return Random(new Seed(10), [2, 70, 5, 1], Activation.Identity, OutputRule.Sign, 2);
            case "random-2-layers-argmax-identity":
                return Random(new Seed(11), [3, 300, 4], Activation.Identity, OutputRule.Argmax, 4);
            case "random-4-layers-wrong-labels":
                return Random(new Seed(12), [2, 129, 6, 7, 3], Activation.Identity, OutputRule.Argmax, 3);
            case "random-2-layers-narrow-last-word":
                return Random(new Seed(13), [5, 67, 10], Activation.Threshold, OutputRule.Argmax, 10);
            case "random-2-layers-sign-output":
                return Random(new Seed(14), [2, 40, 1], Activation.Identity, OutputRule.Sign, 2);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown case.");
        }
    }

    /// <summary>Biases that put unit u exactly at 0 at sample u of <paramref name="data"/> when u is even (the float64 sum in the layer's order).</summary>
    private static double[] NearBias(DenseLayer layer, Dataset data)
    {
        double[] bias = layer.Bias.ToArray();
        ReadOnlySpan<double> w = layer.Weights;
        for (int u = 0; u < layer.OutputCount; u += 2)
        {
            ReadOnlySpan<float> x = data.Row(u);
            bias[u] = -(w[u * 2] * x[0] + w[u * 2 + 1] * x[1]);
        }
        return bias;
    }

    /// <summary>A random network with threshold hidden layers and random labels (so it fails on many points).</summary>
    private static (Network, Dataset) Random(Seed seed, int[] sizes, Activation last, OutputRule rule, int classes)
    {
        Network network = TestNetworks.Random(seed, sizes, Activation.Threshold, last, rule);
        const int count = 250;
        float[] inputs = TestNetworks.RandomInputs(seed.Derive("inputs"), count, sizes[0]);
        Rng rng = seed.Derive("labels").CreateRng();
        int[] labels = Enumerable.Range(0, count).Select(_ => rng.NextInt(classes)).ToArray();
        return (network, TestNetworks.Labelled(inputs, sizes[0], labels, classes));
    }
}

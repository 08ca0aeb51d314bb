using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

/// <summary>
/// The verification's screened first-layer pass (a float32 product with float64 rechecks) must report exactly what the
/// general float64 pass reports: the same failures, ties and smallest margin with its position, on networks whose
/// first-layer values sit at, near and far from their thresholds.
/// </summary>
public class ScreenedFirstPassTests
{
    public static TheoryData<string> Backends => new() { "managed", "openblas" };

    private static IBlas Backend(string name) => name == "managed" ? new ManagedBlas(2) : OpenBlas.Load(2);

    private static void AssertSameReport(Network network, Dataset data, IBlas blas, int chunkRows, bool expectSkips)
    {
        Assert.True(ScreenedFirstPass.Applies(network, data.SampleCount, anySize: true));
        VerificationReport general = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, chunkRows, fused: false, screened: false);
        VerificationReport screened = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, chunkRows, fused: false, screened: true);

        Assert.Equal(general.FailureIndices, screened.FailureIndices);
        Assert.Equal(general.TieCount, screened.TieCount);
        Assert.Equal(general.MinThresholdMargin, screened.MinThresholdMargin);
        Assert.Equal(general.MaxAbsWeight, screened.MaxAbsWeight);
        Assert.Equal(general.NonzeroParameterCount, screened.NonzeroParameterCount);

        var outputs = new double[data.SampleCount * network.OutputCount];
        var tracker = MarginTracker.For(network, blas, Math.Min(ForwardPass.ChunkRows(network, chunkRows, ForwardPass.BitHandovers(network)), data.SampleCount),
            ForwardPass.BitHandovers(network))!;
        int? recomputed = ScreenedFirstPass.Evaluate(network, data.Features, data.SampleCount, blas, chunkRows, outputs, tracker);
        int chunks = (data.SampleCount + ForwardPass.ChunkRows(network, chunkRows, ForwardPass.BitHandovers(network)) - 1)
            / ForwardPass.ChunkRows(network, chunkRows, ForwardPass.BitHandovers(network));
        Assert.NotNull(recomputed);
        if (expectSkips) Assert.True(recomputed < chunks, $"all {chunks} chunks went through the float64 path");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void FinkeNetworkOnMnist_SameReportAsTheGeneralPass(string backend)
    {
        IBlas blas = Backend(backend);
        var data = DatasetLoader.Load("mnist:split=test,classes=1-8,scale=unit-ball", new DataLoadContext(TestData.Directory, blas));
        var network = new FinkeConstruction(blas).Build(data, new FinkeOptions { Width = 300, Lambda = 0.5, Cover = Cover.Random }, new Seed(3)).Network;
        AssertSameReport(network, data, blas, 100, expectSkips: true);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void TenClassFinkeNetworkWithFailures_SameReportAsTheGeneralPass(string backend)
    {
        // A narrow first layer on ten classes leaves uncoverable points: the Argmax ties and failures must match too.
        IBlas blas = Backend(backend);
        var data = DatasetLoader.Load("mnist:split=test,subsample=1500,scale=unit-ball", new DataLoadContext(TestData.Directory, blas));
        var result = new FinkeConstruction(blas).Build(data, new FinkeOptions { Width = 40, Lambda = 0, Cover = Cover.Greedy }, new Seed(5));
        Assert.False(result.Report.Memorized);
        AssertSameReport(result.Network, data, blas, 128, expectSkips: false);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void ValuesAtAndNearThresholds_SameReportAsTheGeneralPass(string backend)
    {
        // First-layer biases set to -w.x (rounded in float64) plus offsets from exact zero through float64-rounding level
        // to far above float32's error, at samples spread over the chunks; a second layer of popcount form.
        IBlas blas = Backend(backend);
        var (network, data) = NearThresholds(new Seed(21), count: 700, d: 40, n: 96, duplicateSmallest: false);
        AssertSameReport(network, data, blas, 64, expectSkips: false);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void EightBitValuesAtAndNearThresholds_SameReportAsTheGeneralPass(string backend)
    {
        // As above on inputs that are scaled 8-bit integers (three in four 0), which the integer screen takes where it is available.
        IBlas blas = Backend(backend);
        var (network, data) = NearThresholds(new Seed(25), count: 700, d: 41, n: 200, duplicateSmallest: false, eightBit: true);
        AssertSameReport(network, data, blas, 64, expectSkips: false);
        var (tied, tiedData) = NearThresholds(new Seed(26), count: 700, d: 41, n: 96, duplicateSmallest: true, eightBit: true);
        AssertSameReport(tied, tiedData, blas, 64, expectSkips: true);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void SmallestMarginTiedInTwoChunks_TheEarlierSampleAsTheGeneralPass(string backend)
    {
        // Sample 650 repeats sample 5 and sits 1e-7 from a threshold (above the float64 dot product's doubt, within
        // float32's bound): both chunks hold the smallest margin, and the general pass reports the earlier sample.
        IBlas blas = Backend(backend);
        var (network, data) = NearThresholds(new Seed(22), count: 700, d: 40, n: 96, duplicateSmallest: true);
        AssertSameReport(network, data, blas, 64, expectSkips: true);
        VerificationReport report = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, 64, fused: false, screened: true);
        Assert.Equal(0, report.MinThresholdMargin!.Layer);
        Assert.Equal(5, report.MinThresholdMargin.Sample);
    }

    [Fact]
    public void LargeMarginsEverywhere_EveryChunkChecked_SameReport()
    {
        // Biases far from every pre-activation: nothing is rechecked, so no chunk can be ruled out and all are recomputed.
        IBlas blas = new ManagedBlas(2);
        const int count = 300, d = 24, n = 10;
        var features = new float[count * d];
        Rng rng = new Seed(30).CreateRng();
        for (int i = 0; i < features.Length; i++) features[i] = (float)rng.Uniform(0.5, 1);
        var weights = new double[n * d];
        for (int i = 0; i < weights.Length; i++) weights[i] = rng.Uniform(0.5, 1);
        var bias = Enumerable.Range(0, n).Select(u => u % 2 == 0 ? 100.0 : -100.0).ToArray();
        var network = TwoLayers(weights, bias, d, n);
        var data = TestNetworks.Labelled(features, d, Enumerable.Range(0, count).Select(i => i % 2).ToArray());
        AssertSameReport(network, data, blas, 64, expectSkips: false);
    }

    [Fact]
    public void CoordinatesOutsideTheSafeRange_TheGeneralPassDecides()
    {
        IBlas blas = new ManagedBlas(1);
        var (network, data) = NearThresholds(new Seed(23), count: 200, d: 40, n: 30, duplicateSmallest: false);
        float[] features = data.Features.ToArray();
        features[7] = 1e-30f;
        var tiny = TestNetworks.Labelled(features, 40, data.Labels.ToArray());
        var outputs = new double[tiny.SampleCount];
        var handovers = ForwardPass.BitHandovers(network);
        Assert.Null(ScreenedFirstPass.Evaluate(network, tiny.Features, tiny.SampleCount, blas, 64, outputs,
            MarginTracker.For(network, blas, 64, handovers)!));
        VerificationReport general = Verification.VerifyWith(network, tiny, blas, Verification.DefaultTolerance, 64, fused: false, screened: false);
        VerificationReport screened = Verification.VerifyWith(network, tiny, blas, Verification.DefaultTolerance, 64, fused: false, screened: true);
        Assert.Equal(general.MinThresholdMargin, screened.MinThresholdMargin);
        Assert.Equal(general.FailureIndices, screened.FailureIndices);
    }

    [Fact]
    public void Applies_OnlyToWideThresholdFirstLayersFeedingAPopcountLayer()
    {
        var (network, _) = NearThresholds(new Seed(24), count: 100, d: 40, n: 30, duplicateSmallest: false);
        Assert.True(ScreenedFirstPass.Applies(network, 100, anySize: true));
        Assert.False(ScreenedFirstPass.Applies(network, 100));
        Assert.False(ScreenedFirstPass.Applies(TestNetworks.Random(new Seed(1), [40, 8, 1], Activation.Threshold, Activation.Identity, OutputRule.Sign), 100, anySize: true));
        Assert.False(ScreenedFirstPass.Applies(TestNetworks.Random(new Seed(1), [40, 8, 1], Activation.Relu, Activation.Identity, OutputRule.Sign), 100, anySize: true));
    }

    /// <summary>
    /// Random data and a first layer whose unit u has pre-activation `offset` at one chosen sample; a second layer of
    /// weights -1 on a random pattern with half-integer biases and a Sign output of popcount form.
    /// </summary>
    private static (Network Network, Dataset Data) NearThresholds(Seed seed, int count, int d, int n, bool duplicateSmallest, bool eightBit = false)
    {
        Rng rng = seed.CreateRng();
        var features = new float[count * d];
        for (int i = 0; i < features.Length; i++)
        {
            double draw = rng.Uniform(-1, 1);
            features[i] = !eightBit ? (float)draw : draw < 0.5 ? 0f : (float)(Math.Round(draw * 255) / 255f / 3.1);
        }
        if (duplicateSmallest) features.AsSpan(5 * d, d).CopyTo(features.AsSpan(650 * d, d));
        var weights = new double[n * d];
        rng.FillGaussian(weights);
        var bias = new double[n];
        double[] offsets = duplicateSmallest
            ? [1e-7, 1e-3, -1e-2, 0.5, -0.3, 1]
            : [0, 1e-300, -1e-300, 1e-17, -1e-17, 1e-15, -1e-14, 1e-9, -1e-9, 1e-6, -1e-5, 1e-3, -1e-2, 1];
        for (int u = 0; u < n; u++)
        {
            double offset = duplicateSmallest && u > 0 ? offsets[1 + u % (offsets.Length - 1)] : offsets[u % offsets.Length];
            int sample = duplicateSmallest ? (u == 0 ? 5 : 100 + 5 * u % (count - 200)) : (37 * u + 11) % count;
            double dot = 0;
            for (int k = 0; k < d; k++) dot += weights[u * d + k] * features[sample * d + k];
            bias[u] = -dot + offset;
        }
        var labels = Enumerable.Range(0, count).Select(i => (int)(rng.NextDouble() * 2)).ToArray();
        return (TwoLayers(weights, bias, d, n, rng), TestNetworks.Labelled(features, d, labels));
    }

    private static Network TwoLayers(double[] weights, double[] bias, int d, int n, Rng? rng = null)
    {
        const int hidden = 12;
        var second = new double[hidden * n];
        for (int i = 0; i < second.Length; i++) second[i] = (rng?.NextDouble() ?? (i * 0.37 % 1)) < 0.5 ? -1 : 0;
        var secondBias = Enumerable.Range(0, hidden).Select(j => n / 4 + 0.5 + j % 3).ToArray();
        var output = Enumerable.Repeat(-1.0, hidden).ToArray();
        return new Network(
            [
                new DenseLayer(d, n, weights, bias, Activation.Threshold),
                new DenseLayer(n, hidden, second, secondBias, Activation.Threshold),
                new DenseLayer(hidden, 1, output, [0.5], Activation.Threshold),
            ],
            OutputRule.Sign, NetworkProvenance.Manual("screened first pass test"));
    }
}

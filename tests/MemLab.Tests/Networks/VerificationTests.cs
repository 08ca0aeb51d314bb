using System.Text.Json;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

public class VerificationTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    [Fact]
    public void Verify_XorThresholdNetwork_MemorizesXor()
    {
        Dataset xor = TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 1, 0]);

        VerificationReport report = Verification.Verify(TestNetworks.Xor(), xor, Blas);

        Assert.True(report.Memorized);
        Assert.Equal(4, report.SampleCount);
        Assert.Equal(0, report.FailureCount);
        Assert.Empty(report.FailureIndices);
        Assert.Equal(0, report.TieCount);
        Assert.Null(report.MaxError);
        Assert.Null(report.Tolerance);
        Assert.Equal(9, report.ParameterCount); // 2x2 + 2, then 2 + 1
        Assert.Equal(9, report.NonzeroParameterCount);
        Assert.Equal([2, 1], report.Widths);
        Assert.Equal(1.5, report.MaxAbsWeight);
    }

    [Fact]
    public void Verify_XorThresholdNetwork_MarginIsTheHandComputedMinimum()
    {
        Dataset xor = TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 1, 0]);

        ThresholdMargin? margin = Verification.Verify(TestNetworks.Xor(), xor, Blas).MinThresholdMargin;

        // |t| / (sum |w_k a_k| + |b|) for every unit and corner; the smallest is the AND unit at (1,1):
        // t = 1 + 1 - 1.5 = 0.5, scale = 1 + 1 + 1.5 = 3.5. (Runners-up: OR at (0,1) 0.5/1.5, AND at (0,1) 0.5/2.5.)
        Assert.NotNull(margin);
        Assert.Equal(0.5 / 3.5, margin.Value, 1e-15);
        Assert.Equal(0, margin.Layer);
        Assert.Equal(1, margin.Unit);
        Assert.Equal(3, margin.Sample);
    }

    [Fact]
    public void Verify_WrongLabels_ReportsExactlyThosePoints()
    {
        // f(x) = x read by the Sign rule: class 1 exactly for x > 0. Labels at 2, 5 and 9 contradict it.
        var network = new Network([new DenseLayer(1, 1, [1], [0], Activation.Identity)], OutputRule.Sign, NetworkProvenance.Manual());
        float[] xs = [-3, -2, -1, 1, 2, 3, -0.5f, 0.5f, 4, 0];
        int[] labels = [0, 0, 1, 1, 1, 0, 0, 1, 1, 1];

        VerificationReport report = Verification.Verify(network, TestNetworks.Labelled(xs, 1, labels), Blas);

        Assert.False(report.Memorized);
        Assert.Equal([2, 5, 9], report.FailureIndices);
        Assert.Equal(3, report.FailureCount);
        Assert.Equal(0, report.TieCount);
    }

    [Fact]
    public void Verify_SignOutputAtZero_HasZeroMarginThere()
    {
        // The Sign output unit is watched even without threshold layers: at x = 0 its pre-activation and scale are both 0.
        var network = new Network([new DenseLayer(1, 1, [2], [0], Activation.Identity)], OutputRule.Sign, NetworkProvenance.Manual());

        VerificationReport report = Verification.Verify(network, TestNetworks.Labelled([1, 0, -1], 1, [1, 0, 0]), Blas);

        Assert.True(report.Memorized);
        Assert.Equal(new ThresholdMargin(0, 0, 0, 1), report.MinThresholdMargin);
    }

    [Fact]
    public void Verify_ArgmaxTies_CountAsFailures()
    {
        // Outputs (x1, x2, 0): a unique largest at (1, 0) and (0, 2); ties at (1, 1) and (0, 0).
        var network = new Network([new DenseLayer(2, 3, [1, 0, 0, 1, 0, 0], [0, 0, 0], Activation.Identity)], OutputRule.Argmax, NetworkProvenance.Manual());
        Dataset data = TestNetworks.Labelled([1, 0, 1, 1, 0, 0, 0, 2], 2, [0, 0, 2, 1], classCount: 3);

        VerificationReport report = Verification.Verify(network, data, Blas);

        Assert.False(report.Memorized);
        Assert.Equal([1, 2], report.FailureIndices);
        Assert.Equal(2, report.TieCount);
        Assert.Null(report.MinThresholdMargin);
    }

    [Fact]
    public void Verify_RegressionNetwork_ReportsMaxErrorAndPointsBeyondTolerance()
    {
        // f(x) = 2x + 1; the targets are off by 0, 1e-7, -3e-6 and 5e-7.
        var network = new Network([new DenseLayer(1, 1, [2], [1], Activation.Identity)], OutputRule.Value, NetworkProvenance.Manual());
        Dataset data = TestNetworks.Real([0, 1, 2, -1], 1, [1, 3 + 1e-7, 5 - 3e-6, -1 + 5e-7]);

        VerificationReport strict = Verification.Verify(network, data, Blas);
        VerificationReport loose = Verification.Verify(network, data, Blas, tolerance: 1e-5);

        Assert.False(strict.Memorized);
        Assert.Equal([2], strict.FailureIndices);
        Assert.Equal(3e-6, strict.MaxError!.Value, 1e-15);
        Assert.Equal(Verification.DefaultTolerance, strict.Tolerance);
        Assert.Equal(0, strict.TieCount);
        Assert.Null(strict.MinThresholdMargin);
        Assert.True(loose.Memorized);
        Assert.Equal(1e-5, loose.Tolerance);
    }

    [Fact]
    public void Verify_ReluRegressionNetwork_MemorizesHandComputedTargets()
    {
        var network = new Network(
            [
                new DenseLayer(2, 3, [1, 2, -1, 1, 0.5, -0.5], [0, 1, -1], Activation.Relu),
                new DenseLayer(3, 1, [1, -2, 3], [0.5], Activation.Identity),
            ],
            OutputRule.Value, NetworkProvenance.Manual());
        Dataset data = TestNetworks.Real([1, 1, 2, -1, -1, 3, 0, 0], 2, [1.5, 2.0, -4.5, -1.5]);

        VerificationReport report = Verification.Verify(network, data, Blas);

        Assert.True(report.Memorized);
        Assert.Equal(0, report.MaxError);
        Assert.Equal(3.0, report.MaxAbsWeight);
        Assert.Equal(13, report.ParameterCount);
    }

    [Fact]
    public void Verify_RandomThresholdNetwork_MarginMatchesBruteForce()
    {
        Network network = TestNetworks.Random(new Seed(5), [3, 8, 5, 1], Activation.Threshold, Activation.Identity, OutputRule.Sign);
        float[] inputs = TestNetworks.RandomInputs(new Seed(6), 40, 3);
        int[] labels = new int[40];

        ThresholdMargin? margin = Verification.Verify(network, TestNetworks.Labelled(inputs, 3, labels, classCount: 2), Blas, chunkRows: 7).MinThresholdMargin;

        ThresholdMargin expected = BruteForceMargin(network, inputs, 40);
        Assert.NotNull(margin);
        Assert.Equal((expected.Layer, expected.Unit, expected.Sample), (margin.Layer, margin.Unit, margin.Sample));
        Assert.Equal(expected.Value, margin.Value, 1e-14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void Verify_ChunkSize_DoesNotChangeTheReport(int chunkRows)
    {
        Network network = TestNetworks.Random(new Seed(8), [2, 6, 3], Activation.Threshold, Activation.Identity, OutputRule.Argmax);
        float[] inputs = TestNetworks.RandomInputs(new Seed(9), 10, 2);
        int[] labels = Enumerable.Range(0, 10).Select(i => i % 3).ToArray();
        Dataset data = TestNetworks.Labelled(inputs, 2, labels);

        VerificationReport whole = Verification.Verify(network, data, Blas);
        VerificationReport chunked = Verification.Verify(network, data, Blas, chunkRows: chunkRows);

        Assert.Equal(whole.FailureIndices, chunked.FailureIndices);
        Assert.Equal(whole.TieCount, chunked.TieCount);
        Assert.Equal(whole.MinThresholdMargin, chunked.MinThresholdMargin);
    }

    [Fact]
    public void Verify_SinglePoint_IsEvaluated()
    {
        VerificationReport report = Verification.Verify(TestNetworks.Xor(), TestNetworks.Labelled([1, 1], 2, [1]), Blas);

        Assert.Equal(1, report.SampleCount);
        Assert.Equal([0], report.FailureIndices); // XOR(1, 1) = 0, labelled 1
    }

    [Fact]
    public void Verify_OverflowingOutput_ReportsInfiniteMaxErrorThatSerializes()
    {
        var network = new Network([new DenseLayer(1, 1, [1e300], [0], Activation.Identity)], OutputRule.Value, NetworkProvenance.Manual());

        VerificationReport report = Verification.Verify(network, TestNetworks.Real([1e10f], 1, [0]), Blas);
        string json = JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

        Assert.Equal(double.PositiveInfinity, report.MaxError);
        Assert.Equal([0], report.FailureIndices);
        Assert.Contains("\"max_error\":\"Infinity\"", json);
    }

    [Fact]
    public void VerificationReport_SerializedWithSnakeCase_HasEveryFieldAndReadsBack()
    {
        Dataset xor = TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 0, 0]);
        VerificationReport report = Verification.Verify(TestNetworks.Xor(), xor, Blas);
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        string json = JsonSerializer.Serialize(report, options);
        using JsonDocument document = JsonDocument.Parse(json);
        VerificationReport? back = JsonSerializer.Deserialize<VerificationReport>(json, options);

        JsonElement root = document.RootElement;
        Assert.False(root.GetProperty("memorized").GetBoolean());
        Assert.Equal(1, root.GetProperty("failure_count").GetInt32());
        Assert.Equal("[2]", root.GetProperty("failure_indices").GetRawText());
        Assert.Equal(3, root.GetProperty("min_threshold_margin").GetProperty("sample").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("max_error").ValueKind);
        foreach (string name in new[] { "sample_count", "tie_count", "tolerance", "max_abs_weight", "parameter_count", "widths" })
            Assert.True(root.TryGetProperty(name, out _), $"missing {name} in {json}");
        Assert.NotNull(back);
        Assert.Equal(report.FailureIndices, back.FailureIndices);
        Assert.Equal(report.MinThresholdMargin, back.MinThresholdMargin);
    }

    [Fact]
    public void Verify_DataWithOtherDimension_ThrowsInvalidDataNamingBoth()
    {
        var error = Assert.Throws<MemLabException>(() => Verification.Verify(TestNetworks.Xor(), TestNetworks.Labelled(new float[6], 3, [0, 1]), Blas));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("takes 2 inputs", error.Message);
        Assert.Contains("has 3 features", error.Message);
    }

    [Fact]
    public void Verify_SignNetworkOnRealTargets_ThrowsInvalidData()
    {
        var error = Assert.Throws<MemLabException>(() => Verification.Verify(TestNetworks.Xor(), TestNetworks.Real(TestNetworks.Corners(), 2, [0, 1, 1, 0]), Blas));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("output rule Sign", error.Message);
        Assert.Contains("real targets", error.Message);
    }

    [Fact]
    public void Verify_ValueNetworkOnLabels_ThrowsInvalidData()
    {
        var network = new Network([new DenseLayer(2, 1, [1, 1], [0], Activation.Identity)], OutputRule.Value, NetworkProvenance.Manual());

        var error = Assert.Throws<MemLabException>(() => Verification.Verify(network, TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 2, 0]), Blas));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("output rule Value", error.Message);
        Assert.Contains("has 3 class labels", error.Message);
    }

    [Fact]
    public void Verify_ArgmaxOutputsOtherThanClassCount_ThrowsInvalidDataNamingBoth()
    {
        var network = new Network([new DenseLayer(2, 3, new double[6], [0, 0, 0], Activation.Identity)], OutputRule.Argmax, NetworkProvenance.Manual());

        var error = Assert.Throws<MemLabException>(() => Verification.Verify(network, TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 0, 1], classCount: 4), Blas));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("has 3 output units", error.Message);
        Assert.Contains("has 4 classes", error.Message);
    }

    [Fact]
    public void Verify_SignNetworkOnThreeClasses_ThrowsInvalidData()
    {
        var error = Assert.Throws<MemLabException>(() => Verification.Verify(TestNetworks.Xor(), TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 2, 0]), Blas));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("has 3 classes", error.Message);
    }

    [Theory]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Verify_ToleranceOutOfRange_ThrowsInvalidOptions(double tolerance)
    {
        Dataset data = TestNetworks.Real([0], 1, [0]);
        var network = new Network([new DenseLayer(1, 1, [1], [0], Activation.Identity)], OutputRule.Value, NetworkProvenance.Manual());

        var error = Assert.Throws<MemLabException>(() => Verification.Verify(network, data, Blas, tolerance));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains($"got {tolerance}", error.Message);
    }

    /// <summary>The smallest |t| / (sum |w a| + |b|) over threshold units and the Sign output, one unit and point at a time.</summary>
    private static ThresholdMargin BruteForceMargin(Network network, float[] inputs, int count)
    {
        int d = network.InputCount;
        ThresholdMargin? best = null;
        for (int i = 0; i < count; i++)
        {
            double[] a = inputs.AsSpan(i * d, d).ToArray().Select(v => (double)v).ToArray();
            for (int l = 0; l < network.Layers.Count; l++)
            {
                Layer layer = network.Layers[l];
                double[] weights = TestNetworks.DenseWeights(layer);
                bool watched = layer.Activation == Activation.Threshold || l == network.Layers.Count - 1;
                var next = new double[layer.OutputCount];
                for (int u = 0; u < layer.OutputCount; u++)
                {
                    double t = layer.Bias[u], scale = Math.Abs(layer.Bias[u]);
                    for (int k = 0; k < layer.InputCount; k++)
                    {
                        t += weights[u * layer.InputCount + k] * a[k];
                        scale += Math.Abs(weights[u * layer.InputCount + k] * a[k]);
                    }
                    double margin = scale == 0 ? 0 : Math.Abs(t) / scale;
                    var candidate = new ThresholdMargin(margin, l, u, i);
                    if (watched && (best is null || (margin, l, i, u).CompareTo((best.Value, best.Layer, best.Sample, best.Unit)) < 0))
                        best = candidate;
                    next[u] = layer.Activation == Activation.Threshold ? (t > 0 ? 1 : 0) : layer.Activation == Activation.Relu ? Math.Max(t, 0) : t;
                }
                a = next;
            }
        }
        return best!;
    }

    [Fact]
    public void Verify_CountsNonzeroParametersApartFromStoredOnes()
    {
        var sparse = new Network(
            [
                new DenseLayer(2, 2, [1, 0, 0, 1], [0, -0.5], Activation.Relu),
                new DenseLayer(2, 1, [0, 2], [0], Activation.Identity),
            ],
            OutputRule.Sign, NetworkProvenance.Manual("sparse"));
        var data = TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 0, 1]);

        VerificationReport report = Verification.Verify(sparse, data, Blas);

        Assert.Equal(9, report.ParameterCount);
        Assert.Equal(4, report.NonzeroParameterCount); // weights 1, 1, 2 and the bias -0.5
    }
}

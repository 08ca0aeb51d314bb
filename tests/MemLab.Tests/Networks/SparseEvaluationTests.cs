using MemLab.Interop.Onnx;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

/// <summary>Sparse layers evaluate, verify and score exactly as the dense layers with the same weights.</summary>
public class SparseEvaluationTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    // 600 inputs: rows cross the managed GEMM's 256-column slices, so the slice-by-slice summation order is exercised.
    private static readonly int[] Sizes = [600, 40, 30, 5];

    [Theory]
    [InlineData(Precision.Float64, 0.05)]
    [InlineData(Precision.Float32, 0.05)]
    [InlineData(Precision.Float64, 0.5)]
    public void Evaluate_RandomSparseNetwork_EqualsTheDenseEquivalentBitForBitOnTheManagedBackend(Precision precision, double density)
    {
        var (sparse, dense) = TestNetworks.RandomSparse(new Seed(21), Sizes, density, Activation.Relu, Activation.Identity, OutputRule.Argmax);
        float[] inputs = TestNetworks.RandomInputs(new Seed(22), 300, Sizes[0]);

        double[] fromSparse = ForwardPass.Evaluate(sparse, inputs, 300, Blas, precision, chunkRows: 64);
        double[] fromDense = ForwardPass.Evaluate(dense, inputs, 300, Blas, precision, chunkRows: 64);

        Assert.Equal(fromDense, fromSparse);
        Assert.True(sparse.ParameterCount < dense.ParameterCount, "the sparse network stores fewer parameters");
        Assert.Equal(Verification.Verify(dense, TestNetworks.Labelled(inputs, Sizes[0], new int[300], 5), Blas).NonzeroParameterCount,
            Verification.Verify(sparse, TestNetworks.Labelled(inputs, Sizes[0], new int[300], 5), Blas).NonzeroParameterCount);
    }

    [Fact]
    public void Evaluate_RandomSparseNetwork_MatchesTheNaiveReferenceAndOpenBlasWithinRounding()
    {
        var (sparse, dense) = TestNetworks.RandomSparse(new Seed(23), Sizes, 0.1, Activation.Relu, Activation.Identity, OutputRule.Argmax);
        float[] inputs = TestNetworks.RandomInputs(new Seed(24), 50, Sizes[0]);

        double[] outputs = ForwardPass.Evaluate(sparse, inputs, 50, Blas, Precision.Float64);

        for (int i = 0; i < 50; i++)
        {
            double[] expected = TestNetworks.NaiveForward(dense, inputs.AsSpan(i * Sizes[0], Sizes[0]));
            for (int k = 0; k < expected.Length; k++)
                Assert.Equal(expected[k], outputs[i * expected.Length + k], 1e-12);
        }
        if (OpenBlas.TryLoad(1, out OpenBlas? openBlas, out _))
        {
            double[] withOpenBlas = ForwardPass.Evaluate(dense, inputs, 50, openBlas, Precision.Float64);
            for (int i = 0; i < outputs.Length; i++) Assert.Equal(withOpenBlas[i], outputs[i], 1e-12);
        }
    }

    [Theory]
    [InlineData(Activation.Threshold, Activation.Identity, OutputRule.Sign)]
    [InlineData(Activation.Relu, Activation.Threshold, OutputRule.Sign)]
    [InlineData(Activation.Threshold, Activation.Identity, OutputRule.Argmax)]
    public void Verify_RandomSparseNetwork_ReportsWhatTheDenseEquivalentReports(Activation hidden, Activation last, OutputRule rule)
    {
        int[] sizes = rule == OutputRule.Sign ? [300, 50, 20, 1] : [300, 50, 20, 4];
        var (sparse, dense) = TestNetworks.RandomSparse(new Seed(25), sizes, 0.1, hidden, last, rule);
        const int n = 200;
        float[] inputs = TestNetworks.RandomInputs(new Seed(26), n, sizes[0]);
        int[] predicted = ForwardPass.PredictClasses(rule, ForwardPass.Evaluate(dense, inputs, n, Blas, Precision.Float64), dense.OutputCount);
        // Flip a few labels so that the reports have failures to compare.
        int[] labels = predicted.Select((c, i) => i % 17 == 0 ? (Math.Max(c, 0) + 1) % Math.Max(2, dense.OutputCount) : c).ToArray();
        var data = TestNetworks.Labelled(inputs, sizes[0], labels, Math.Max(2, dense.OutputCount));

        VerificationReport fromSparse = Verification.Verify(sparse, data, Blas, chunkRows: 64);
        VerificationReport fromDense = Verification.Verify(dense, data, Blas, chunkRows: 64);

        Assert.NotEmpty(fromDense.FailureIndices);
        Assert.Equal(fromDense.FailureIndices, fromSparse.FailureIndices);
        Assert.NotNull(fromDense.MinThresholdMargin);
        Assert.Equal(fromDense.MinThresholdMargin, fromSparse.MinThresholdMargin);
        Assert.Equal(fromDense.MaxAbsWeight, fromSparse.MaxAbsWeight);
        Assert.Equal(fromDense.NonzeroParameterCount, fromSparse.NonzeroParameterCount);
        Assert.Equal(sparse.Layers.Sum(l => (long)l.StoredWeights.Length + l.OutputCount), fromSparse.ParameterCount);
    }

    [Fact]
    public void OutputScales_SparseNetwork_EqualTheDenseEquivalents()
    {
        var (sparse, dense) = TestNetworks.RandomSparse(new Seed(27), Sizes, 0.1, Activation.Threshold, Activation.Identity, OutputRule.Argmax);
        const int n = 120;
        float[] inputs = TestNetworks.RandomInputs(new Seed(28), n, Sizes[0]);

        double[] Scales(Network network)
        {
            var scales = new OutputScales(network, Blas, n, 64);
            ForwardPass.EvaluateFloat64(network, inputs, n, Blas, 64, new double[n * network.OutputCount], scales);
            return scales.Scales;
        }

        double[] fromSparse = Scales(sparse);
        Assert.Equal(Scales(dense), fromSparse);
        Assert.All(fromSparse, s => Assert.True(s > 0));
    }
}

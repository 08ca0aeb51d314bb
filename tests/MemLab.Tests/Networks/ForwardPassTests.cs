using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

public class ForwardPassTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    [Theory]
    [InlineData(Precision.Float64)]
    [InlineData(Precision.Float32)]
    public void Evaluate_XorThresholdNetwork_GivesHandComputedOutputs(Precision precision)
    {
        double[] outputs = ForwardPass.Evaluate(TestNetworks.Xor(), TestNetworks.Corners(), 4, Blas, precision);

        // (h1, h2) = (0,0), (1,0), (1,0), (1,1), so o = h1 - h2 - 0.5.
        Assert.Equal([-0.5, 0.5, 0.5, -0.5], outputs);
    }

    [Theory]
    [InlineData(Precision.Float64)]
    [InlineData(Precision.Float32)]
    public void Evaluate_ReluNetworkOnFewPoints_GivesHandComputedOutputs(Precision precision)
    {
        var network = new Network(
            [
                new DenseLayer(2, 3, [1, 2, -1, 1, 0.5, -0.5], [0, 1, -1], Activation.Relu),
                new DenseLayer(3, 1, [1, -2, 3], [0.5], Activation.Identity),
            ],
            OutputRule.Value, NetworkProvenance.Manual());
        float[] points = [1, 1, 2, -1, -1, 3, 0, 0];

        double[] outputs = ForwardPass.Evaluate(network, points, 4, Blas, precision);

        // Hidden pre-activations (3,1,-1), (0,-2,0.5), (5,5,-3), (0,1,-1); after ReLU the output is
        // h1 - 2 h2 + 3 h3 + 0.5.
        Assert.Equal([1.5, 2.0, -4.5, -1.5], outputs);
    }

    [Fact]
    public void Evaluate_Float32_UsesWeightsRoundedToFloat()
    {
        double weight = 1 + Math.Pow(2, -30); // not a float: rounds to 1
        var network = new Network([new DenseLayer(1, 1, [weight], [0], Activation.Identity)], OutputRule.Value, NetworkProvenance.Manual());

        double wide = ForwardPass.Evaluate(network, [1f], 1, Blas, Precision.Float64)[0];
        double narrow = ForwardPass.Evaluate(network, [1f], 1, Blas, Precision.Float32)[0];

        Assert.Equal(weight, wide);
        Assert.Equal(1.0, narrow);
    }

    [Theory]
    [InlineData(1, 4096)]
    [InlineData(10, 3)]
    [InlineData(10, 1)]
    [InlineData(9, 3)]
    public void Evaluate_AnyChunkSize_MatchesNaivePerPointEvaluation(int count, int chunkRows)
    {
        Network network = TestNetworks.Random(new Seed(11), [5, 7, 6, 3], Activation.Relu, Activation.Identity, OutputRule.Argmax);
        float[] inputs = TestNetworks.RandomInputs(new Seed(12), count, 5);

        double[] outputs = ForwardPass.Evaluate(network, inputs, count, Blas, Precision.Float64, chunkRows);

        Assert.Equal(count * 3, outputs.Length);
        for (int i = 0; i < count; i++)
        {
            double[] expected = TestNetworks.NaiveForward(network, inputs.AsSpan(i * 5, 5));
            for (int j = 0; j < 3; j++)
                Assert.Equal(expected[j], outputs[i * 3 + j], 1e-12);
        }
    }

    [Theory]
    [InlineData(Precision.Float64)]
    [InlineData(Precision.Float32)]
    public void Evaluate_ChunkSize_DoesNotChangeOutputs(Precision precision)
    {
        Network network = TestNetworks.Random(new Seed(21), [4, 9, 9, 9, 2], Activation.Threshold, Activation.Identity, OutputRule.Argmax);
        float[] inputs = TestNetworks.RandomInputs(new Seed(22), 23, 4);

        double[] whole = ForwardPass.Evaluate(network, inputs, 23, Blas, precision);
        double[] chunked = ForwardPass.Evaluate(network, inputs, 23, Blas, precision, chunkRows: 5);

        Assert.Equal(whole, chunked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Evaluate_Float32AndFloat64_AgreeOnRandomNetworks(int seed)
    {
        Network network = TestNetworks.Random(new Seed((ulong)seed), [20, 50, 30, 4], Activation.Relu, Activation.Identity, OutputRule.Argmax);
        float[] inputs = TestNetworks.RandomInputs(new Seed(100 + (ulong)seed), 200, 20);

        double[] wide = ForwardPass.Evaluate(network, inputs, 200, Blas, Precision.Float64, chunkRows: 64);
        double[] narrow = ForwardPass.Evaluate(network, inputs, 200, Blas, Precision.Float32, chunkRows: 64);

        for (int i = 0; i < wide.Length; i++)
            Assert.True(Math.Abs(wide[i] - narrow[i]) <= 1e-4 * (1 + Math.Abs(wide[i])), $"output {i}: float64 {wide[i]} vs float32 {narrow[i]}");
    }

    [Fact]
    public void Evaluate_NoPoints_ReturnsEmpty()
    {
        Assert.Empty(ForwardPass.Evaluate(TestNetworks.Xor(), ReadOnlySpan<float>.Empty, 0, Blas, Precision.Float64));
    }

    [Fact]
    public void Evaluate_Dataset_MatchesSpanOverload()
    {
        Dataset data = TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 1, 0]);

        Assert.Equal(
            ForwardPass.Evaluate(TestNetworks.Xor(), TestNetworks.Corners(), 4, Blas, Precision.Float64),
            ForwardPass.Evaluate(TestNetworks.Xor(), data, Blas, Precision.Float64));
    }

    [Fact]
    public void Evaluate_InputLengthNotCountTimesDimension_ThrowsInvalidData()
    {
        var error = Assert.Throws<MemLabException>(() => ForwardPass.Evaluate(TestNetworks.Xor(), new float[7], 4, Blas, Precision.Float64));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("need 8 values; got 7", error.Message);
    }

    [Fact]
    public void Evaluate_DatasetWithOtherDimension_ThrowsInvalidDataNamingBoth()
    {
        Dataset data = TestNetworks.Labelled(new float[9], 3, [0, 1, 0]);

        var error = Assert.Throws<MemLabException>(() => ForwardPass.Evaluate(TestNetworks.Xor(), data, Blas, Precision.Float32));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("takes 2 inputs", error.Message);
        Assert.Contains("has 3 features", error.Message);
    }

    [Fact]
    public void Activate_Threshold_IsOneExactlyForPositiveValues()
    {
        double[] values = Enumerable.Range(0, 37).Select(i => (i % 7) switch
        {
            0 => 0.0,
            1 => -0.0,
            2 => double.Epsilon,
            3 => -double.Epsilon,
            4 => i,
            5 => -i,
            _ => double.NaN,
        }).ToArray();
        double[] expected = values.Select(t => t > 0 ? 1.0 : 0.0).ToArray();
        float[] singles = values.Select(t => (float)t).ToArray();
        singles[2] = float.Epsilon;
        singles[3] = -float.Epsilon;
        float[] expectedSingles = singles.Select(t => t > 0 ? 1f : 0f).ToArray();

        ForwardPass.Activate(Activation.Threshold, values);
        ForwardPass.Activate(Activation.Threshold, singles);

        Assert.Equal(expected, values);
        Assert.Equal(expectedSingles, singles);
    }

    [Fact]
    public void Activate_ReluAndIdentity_MatchTheirDefinitions()
    {
        double[] values = Enumerable.Range(0, 19).Select(i => (i - 9) * 0.75).ToArray();
        double[] relu = (double[])values.Clone();
        double[] identity = (double[])values.Clone();

        ForwardPass.Activate(Activation.Relu, relu);
        ForwardPass.Activate(Activation.Identity, identity);

        Assert.Equal(values.Select(t => t > 0 ? t : 0), relu);
        Assert.Equal(values, identity);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.0, 0)]
    [InlineData(1e-300, 1)]
    [InlineData(-2.0, 0)]
    [InlineData(double.NaN, -1)]
    public void PredictClass_Sign_IsOneOnlyForPositiveOutput(double output, int expected)
    {
        Assert.Equal(expected, ForwardPass.PredictClass(OutputRule.Sign, [output]));
    }

    [Theory]
    [InlineData(new[] { 1.0, 3.0, 2.0 }, 1)]
    [InlineData(new[] { 3.0, 1.0, 3.0 }, -1)]
    [InlineData(new[] { 1.0, 1.0, 3.0 }, 2)]
    [InlineData(new[] { 0.0, 0.0 }, -1)]
    [InlineData(new[] { 5.0, double.NaN }, -1)]
    [InlineData(new[] { double.NegativeInfinity, -1e300 }, 1)]
    public void PredictClass_Argmax_IsUniqueLargestOrMinusOne(double[] outputs, int expected)
    {
        Assert.Equal(expected, ForwardPass.PredictClass(OutputRule.Argmax, outputs));
    }

    [Fact]
    public void PredictClass_ValueRule_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => ForwardPass.PredictClass(OutputRule.Value, [1.0]));
    }

    [Fact]
    public void PredictClasses_RowsOfOutputs_PredictsEachRow()
    {
        double[] outputs = [0, 2, 1, 4, 4, 0, -1, -3, -2];

        Assert.Equal([1, -1, 0], ForwardPass.PredictClasses(OutputRule.Argmax, outputs, 3));
    }
}

using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

public class PopcountLayerTests
{
    /// <summary>
    /// A random network of the shape popcount layers serve: a Gaussian threshold first layer, then a threshold layer
    /// with weights in {0, <paramref name="value"/>} and half-integer biases, then an output layer with weights in
    /// {0, 1} and bias -1/2 (Argmax) or one unit with weights in {0, -1} and bias 1/2 (Sign).
    /// </summary>
    private static Network TwoValued(int inputs, int first, int second, int classes, double value, Seed seed)
    {
        Rng rng = seed.CreateRng();
        var w0 = new double[inputs * first];
        var b0 = new double[first];
        rng.FillGaussian(w0, 0, 1);
        rng.FillGaussian(b0, 0, 0.3);
        var w1 = new double[first * second];
        var b1 = new double[second];
        for (int i = 0; i < w1.Length; i++) w1[i] = rng.NextDouble() < 0.5 ? value : 0;
        // Thresholds near the typical count (first / 4) so that units fire for some points and not for others.
        for (int u = 0; u < second; u++) b1[u] = -value * (Math.Floor(first / 4.0 + (rng.NextDouble() - 0.5) * 2 * Math.Sqrt(first)) - 0.5);
        DenseLayer output;
        if (classes == 2)
        {
            var w2 = new double[second];
            for (int u = 0; u < second; u++) w2[u] = rng.NextDouble() < 2.0 / second ? -1 : 0;
            output = new DenseLayer(second, 1, w2, [0.5], Activation.Threshold);
        }
        else
        {
            var w2 = new double[classes * second];
            for (int i = 0; i < w2.Length; i++) w2[i] = rng.NextDouble() < 2.0 / second ? 1 : 0;
            output = new DenseLayer(second, classes, w2, Enumerable.Repeat(-0.5, classes).ToArray(), Activation.Threshold);
        }
        return new Network(
            [new DenseLayer(inputs, first, w0, b0, Activation.Threshold), new DenseLayer(first, second, w1, b1, Activation.Threshold), output],
            classes == 2 ? OutputRule.Sign : OutputRule.Argmax, NetworkProvenance.Manual("two-valued test network"));
    }

    /// <summary>Gaussian points labelled with the network's own predictions (0 for a tie), every third one changed: some memorized, some not.</summary>
    private static Dataset RandomData(Network network, int count, int classes, Seed seed)
    {
        Rng rng = seed.CreateRng();
        int inputs = network.InputCount;
        var features = new float[count * inputs];
        for (int i = 0; i < features.Length; i++) features[i] = (float)rng.NextGaussian();
        double[] outputs = ForwardPass.Evaluate(network, features, count, new ManagedBlas(1), Precision.Float64);
        int[] labels = ForwardPass.PredictClasses(network.OutputRule, outputs, network.OutputCount)
            .Select((c, i) => (Math.Max(c, 0) + (i % 3 == 0 ? 1 : 0)) % classes).ToArray();
        return TestNetworks.Labelled(features, inputs, labels, classes);
    }

    /// <summary>
    /// The popcount pass (bits handed from layer to layer, margins offered directly) and the pass of GEMMs give the
    /// same verification: failures, ties and the smallest margin with its place, for several chunk sizes and threads,
    /// on widths that take the vector kernel with and without tail words and the scalar kernel.
    /// </summary>
    [Theory]
    [InlineData(10, 300, 2, -1.0, 7, 1)]
    [InlineData(10, 300, 4, -1.0, 64, 2)]
    [InlineData(130, 500, 3, -1.0, 1000, 2)]
    [InlineData(600, 70, 5, 0.25, 33, 2)]
    public void Verify_PopcountPass_EqualsGemmPass(int first, int second, int classes, double value, int chunkRows, int threads)
    {
        Network network = TwoValued(12, first, second, classes, value, new Seed((ulong)(first + second)));
        Dataset data = RandomData(network, 900, classes, new Seed(7));
        var blas = new ManagedBlas(threads);
        Assert.True(PopcountLayer.Applies(network, 1));
        Assert.True(PopcountLayer.Applies(network, 2));
        Assert.True(ForwardPass.BitHandovers(network)[1]);

        VerificationReport counted = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, chunkRows, fused: false, popcount: true);
        VerificationReport gemm = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, chunkRows, fused: false, popcount: false);

        Assert.Equal(gemm.FailureIndices, counted.FailureIndices);
        Assert.Equal(gemm.TieCount, counted.TieCount);
        Assert.Equal(gemm.MinThresholdMargin, counted.MinThresholdMargin);
        Assert.InRange(counted.FailureCount, 1, data.SampleCount - 1);
    }

    /// <summary>
    /// Weights of -0 are zeros of the popcount form (the masks, the one-value test and the nonzero count read them as
    /// 0, as the GEMM does), and a second nonzero value is found wherever it sits: in the first weight, among the
    /// vector blocks, or in the last weight after them (37 x 29 weights leave a tail).
    /// </summary>
    [Fact]
    public void Applies_NegativeZerosAndASecondValueAnywhere_ReadLikeTheGemm()
    {
        Network network = TwoValued(12, 37, 29, 3, -1, new Seed(3));
        var layers = network.Layers.Cast<DenseLayer>().ToArray();
        double[] w1 = layers[1].Weights.ToArray();
        for (int i = 0; i < w1.Length; i += 3)
            if (w1[i] == 0) w1[i] = -0.0;
        Network With(double[] weights) => new(
            [layers[0], new DenseLayer(37, 29, weights, layers[1].Bias.ToArray(), Activation.Threshold), layers[2]],
            OutputRule.Argmax, NetworkProvenance.Manual("variant"));
        Network signed = With(w1);
        Dataset data = RandomData(signed, 400, 3, new Seed(8));
        var blas = new ManagedBlas(2);

        Assert.True(PopcountLayer.Applies(signed, 1));
        VerificationReport counted = Verification.VerifyWith(signed, data, blas, Verification.DefaultTolerance, 64, fused: false, popcount: true);
        VerificationReport gemm = Verification.VerifyWith(signed, data, blas, Verification.DefaultTolerance, 64, fused: false, popcount: false);
        Assert.Equal(gemm.FailureIndices, counted.FailureIndices);
        Assert.Equal(gemm.MinThresholdMargin, counted.MinThresholdMargin);
        long nonzero = signed.Layers.Sum(l => (long)l.StoredWeights.ToArray().Count(w => w != 0) + l.Bias.ToArray().Count(b => b != 0));
        Assert.Equal(nonzero, counted.NonzeroParameterCount);

        int firstNonzero = Array.FindIndex(w1, w => w != 0);
        foreach (int at in new[] { firstNonzero, w1.Length / 2, w1.Length - 1 })
        {
            double[] twoValues = (double[])w1.Clone();
            twoValues[at] = -2;
            Assert.False(PopcountLayer.Applies(With(twoValues), 1));
        }
    }

    /// <summary>The plain outputs of the popcount pass equal the GEMM pass's bit for bit (the last layer is evaluated by popcount as values).</summary>
    [Fact]
    public void EvaluateFloat64_PopcountPass_EqualsGemmPassBitForBit()
    {
        Network network = TwoValued(12, 200, 260, 3, -1, new Seed(4));
        Dataset data = RandomData(network, 500, 3, new Seed(5));
        var blas = new ManagedBlas(2);
        var counted = new double[data.SampleCount * 3];
        var gemm = new double[data.SampleCount * 3];
        ForwardPass.EvaluateFloat64(network, data.Features, data.SampleCount, blas, 50, counted, null, popcount: true);
        ForwardPass.EvaluateFloat64(network, data.Features, data.SampleCount, blas, 50, gemm, null, popcount: false);
        Assert.Equal(gemm, counted);
        Assert.Contains(counted, o => o > 0);
    }

    /// <summary>
    /// On random input bits, the layer's pre-activations, output bits and smallest margin (ties to the smallest row,
    /// then unit) equal a naive loop over every row and unit; a bound below every margin gives none.
    /// </summary>
    [Theory]
    [InlineData(40, 300, -1.0, 1)]
    [InlineData(500, 700, -1.0, 2)]
    [InlineData(300, 90, 0.25, 2)]
    public void ThresholdBitsAndPreActivations_RandomBits_EqualNaiveLoop(int inputs, int units, double value, int threads)
    {
        Network network = TwoValued(3, inputs, units, 3, value, new Seed((ulong)units));
        PopcountLayer layer = PopcountLayer.For(network, 1)!;
        var dense = (DenseLayer)network.Layers[1];
        const int rows = 77;
        Rng rng = new Seed(11).CreateRng();
        var on = new double[rows * inputs];
        for (int i = 0; i < on.Length; i++) on[i] = rng.NextDouble() < 0.5 ? 1 : 0;
        ulong[] bits = layer.Pack(on, rows);

        var pre = new double[rows * units];
        layer.PreActivations(bits, rows, pre, threads);
        var (outputBits, smallest) = layer.ThresholdBits(bits, rows, double.PositiveInfinity, threads);

        (double Margin, int Row, int Unit)? naive = null;
        for (int r = 0; r < rows; r++)
            for (int u = 0; u < units; u++)
            {
                double t = dense.Bias[u], scale = Math.Abs(dense.Bias[u]);
                for (int k = 0; k < inputs; k++)
                {
                    t += dense.Weights[u * inputs + k] * on[r * inputs + k];
                    scale += Math.Abs(dense.Weights[u * inputs + k] * on[r * inputs + k]);
                }
                Assert.Equal(t, pre[r * units + u]);
                int words = (units + 63) / 64;
                Assert.Equal(t > 0, (outputBits[r * words + u / 64] >> (u % 64) & 1) == 1);
                double margin = Math.Abs(t) / scale;
                if (naive is not { } best || margin < best.Margin) naive = (margin, r, u);
            }
        Assert.Equal(naive, smallest);
        Assert.Null(layer.ThresholdBits(bits, rows, naive!.Value.Margin / 2, threads).Smallest);
    }

    /// <summary>
    /// Without a bound, or below the layer's margin floor, the output bits come from integer compares of the counts;
    /// they must equal t = b + c P &gt; 0 for biases that put t exactly at 0 (H(0) = 0), next to it, at the ends of
    /// the count's range and beyond, for negative and positive c, with and without margins tracked.
    /// </summary>
    [Theory]
    [InlineData(-1.0, 70)]
    [InlineData(0.25, 300)]
    [InlineData(-2.0, 64)]
    public void ThresholdBits_IntegerCompares_EqualTheSignOfT(double value, int inputs)
    {
        double[] steps = [-inputs - 3, -inputs, -inputs + 0.5, -7, -3.5, -1, -0.5, 0, 0.5, 1, 3, 3.5, inputs / 2.0, inputs - 1, inputs, inputs + 0.5, inputs + 2];
        int units = 2 * steps.Length + 5;
        var weights = new double[units * inputs];
        var bias = new double[units];
        Rng rng = new Seed(31).CreateRng();
        for (int u = 0; u < units; u++)
        {
            for (int k = 0; k < inputs; k++) weights[u * inputs + k] = rng.NextDouble() < 0.6 ? value : 0;
            // t = b + c P is 0 at P = -b / c: biases c times each step, and the negated ones.
            bias[u] = (u % 2 == 0 ? -1 : 1) * value * steps[u / 2 % steps.Length];
        }
        var first = new DenseLayer(2, inputs, new double[2 * inputs], new double[inputs], Activation.Threshold);
        var network = new Network([first, new DenseLayer(inputs, units, weights, bias, Activation.Threshold)], OutputRule.Argmax, NetworkProvenance.Manual("bits test"));
        PopcountLayer layer = PopcountLayer.For(network, 1)!;
        const int rows = 300;
        var on = new double[rows * inputs];
        for (int r = 0; r < rows; r++)
        {
            // Rows from all off to all on, so every count from 0 to n occurs.
            double density = (double)r / (rows - 1);
            for (int k = 0; k < inputs; k++) on[r * inputs + k] = r == rows - 1 || rng.NextDouble() < density ? 1 : 0;
        }
        ulong[] bits = layer.Pack(on, rows);
        int words = (units + 63) / 64;
        int zeros = 0;
        foreach (double? bound in new double?[] { null, 1e-300, double.PositiveInfinity })
        {
            var (outputBits, _) = layer.ThresholdBits(bits, rows, bound, 2);
            for (int r = 0; r < rows; r++)
                for (int u = 0; u < units; u++)
                {
                    double t = bias[u];
                    for (int k = 0; k < inputs; k++) t += weights[u * inputs + k] * on[r * inputs + k];
                    if (t == 0) zeros++;
                    Assert.True((t > 0) == ((outputBits[r * words + u / 64] >> (u % 64) & 1) == 1), $"bound {bound}, row {r}, unit {u}, t = {t}");
                }
        }
        Assert.True(zeros > 0, "no pre-activation was exactly 0");
    }

    /// <summary>
    /// Equal margins in different tiles and rows: units 0 and 256 (different tiles) both count 9 against bias -5/2,
    /// unit 256 in row 0 and unit 0 in row 1; the tie goes to the smaller row, whatever the division-free test's
    /// rounding and the thread count. (Every other unit counts 0: margin 1.)
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ThresholdBits_TieAcrossTiles_GoesToTheSmallerRow(int threads)
    {
        const int inputs = 64, units = 300;
        var weights = new double[units * inputs];
        for (int u = 0; u < units; u++)
            for (int k = 0; k < inputs; k++)
            {
                bool connected = u == 0 ? k < 9 : u == 256 ? k is >= 9 and < 18 : k >= 20 && k < 60;
                weights[u * inputs + k] = connected ? 1 : 0;
            }
        var first = new DenseLayer(1, inputs, new double[inputs], new double[inputs], Activation.Threshold);
        var middle = new DenseLayer(inputs, units, weights, Enumerable.Repeat(-2.5, units).ToArray(), Activation.Threshold);
        var output = new DenseLayer(units, 2, new double[2 * units], [-0.5, -0.5], Activation.Threshold);
        var network = new Network([first, middle, output], OutputRule.Argmax, NetworkProvenance.Manual("tie"));
        PopcountLayer layer = PopcountLayer.For(network, 1)!;
        var on = new double[2 * inputs];
        for (int k = 9; k < 18; k++) on[k] = 1;
        for (int k = 0; k < 9; k++) on[inputs + k] = 1;

        var (_, smallest) = layer.ThresholdBits(layer.Pack(on, 2), 2, double.PositiveInfinity, threads);

        Assert.Equal((6.5 / 11.5, 0, 256), smallest);
    }

    /// <summary>
    /// The fused first pass (narrow threshold first layer) followed by layers with a popcount form, two of them handing
    /// over bits, gives the same verification as the same pass with GEMMs only and as the general pass.
    /// </summary>
    [Fact]
    public void Verify_FusedFirstPassThenPopcountLayers_EqualsGemmPasses()
    {
        Rng rng = new Seed(21).CreateRng();
        var w0 = new double[2 * 60];
        var b0 = new double[60];
        rng.FillGaussian(w0);
        rng.FillGaussian(b0, 0, 0.3);
        DenseLayer TwoValuedLayer(int inputs, int units, double value, Activation activation)
        {
            var w = new double[units * inputs];
            for (int i = 0; i < w.Length; i++) w[i] = rng.NextDouble() < 0.5 ? value : 0;
            var b = new double[units];
            for (int u = 0; u < units; u++) b[u] = -value * (Math.Floor(inputs / 4.0 + (rng.NextDouble() - 0.5) * 2 * Math.Sqrt(inputs)) - 0.5);
            return new DenseLayer(inputs, units, w, b, activation);
        }
        var outputWeights = new double[3 * 200];
        for (int i = 0; i < outputWeights.Length; i++) outputWeights[i] = rng.NextDouble() < 0.01 ? 1 : 0;
        var network = new Network(
            [
                new DenseLayer(2, 60, w0, b0, Activation.Threshold),
                TwoValuedLayer(60, 40, -1, Activation.Threshold),
                TwoValuedLayer(40, 200, -1, Activation.Threshold),
                new DenseLayer(200, 3, outputWeights, [-0.5, -0.5, -0.5], Activation.Threshold),
            ],
            OutputRule.Argmax, NetworkProvenance.Manual("fused then popcount"));
        Assert.True(ThresholdFirstPass.Applies(network));
        Assert.Equal([false, true, true, false], ForwardPass.BitHandovers(network));
        Dataset data = RandomData(network, 700, 3, new Seed(22));
        var blas = new ManagedBlas(2);

        VerificationReport fused = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, 64, fused: true, popcount: true);
        VerificationReport fusedGemm = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, 64, fused: true, popcount: false);
        VerificationReport general = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, 64, fused: false, popcount: false);

        foreach (VerificationReport other in new[] { fusedGemm, general })
        {
            Assert.Equal(other.FailureIndices, fused.FailureIndices);
            Assert.Equal(other.TieCount, fused.TieCount);
            Assert.Equal(other.MinThresholdMargin, fused.MinThresholdMargin);
        }
        Assert.InRange(fused.FailureCount, 1, data.SampleCount - 1);
    }

    /// <summary>
    /// Layers the popcount form must not take: the first layer, weights with two nonzero values, a bias off the exact
    /// grid (0.1 is not a multiple of a power of two that keeps sums with n copies of -1 exact), a layer after a
    /// non-threshold layer.
    /// </summary>
    [Fact]
    public void Applies_OnlyWhereEverySumIsExact()
    {
        Network network = TwoValued(4, 20, 30, 3, -1, new Seed(1));
        Assert.False(PopcountLayer.Applies(network, 0));
        Assert.True(PopcountLayer.Applies(network, 1));

        var layers = network.Layers.Cast<DenseLayer>().ToArray();
        double[] w1 = layers[1].Weights.ToArray();
        double[] twoValues = (double[])w1.Clone();
        twoValues[Array.IndexOf(twoValues, -1.0)] = -2;
        double[] offGrid = layers[1].Bias.ToArray();
        offGrid[3] = 0.1;
        Network With(DenseLayer middle, Activation firstActivation) => new(
            [new DenseLayer(4, 20, layers[0].Weights.ToArray(), layers[0].Bias.ToArray(), firstActivation), middle, layers[2]],
            OutputRule.Argmax, NetworkProvenance.Manual("variant"));

        Assert.False(PopcountLayer.Applies(With(new DenseLayer(20, 30, twoValues, layers[1].Bias.ToArray(), Activation.Threshold), Activation.Threshold), 1));
        Assert.False(PopcountLayer.Applies(With(new DenseLayer(20, 30, w1, offGrid, Activation.Threshold), Activation.Threshold), 1));
        Assert.False(PopcountLayer.Applies(With(new DenseLayer(20, 30, w1, layers[1].Bias.ToArray(), Activation.Threshold), Activation.Relu), 1));
    }
}

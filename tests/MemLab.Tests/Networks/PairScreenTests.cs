using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.LinearAlgebra.Native;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

/// <summary>
/// The integer screen of 8-bit inputs (<see cref="PairFirstLayer"/>, native/pairs.c) must give every bit the float64
/// path gives, on MNIST and on values built at and near the thresholds; where the native kernel is missing or turned
/// off, or the inputs are not scaled 8-bit integers, the float32 screen takes over with the same bits.
/// </summary>
public class PairScreenTests
{
    public static TheoryData<string> Backends => ThresholdCodesTests.Backends;

    private static IBlas Backend(string name) => ThresholdCodesTests.Backend(name);

    private static (double[] Weights, double[] Bias) Layer(int n, int d, double lambda, ulong seed) => ThresholdCodesTests.Layer(n, d, lambda, seed);

    /// <summary>Inputs as MNIST makes them: 8-bit integers p (three in four 0, the first 255) divided by 255 in float32, then by a norm.</summary>
    private static float[] EightBit(Rng rng, int count, int d)
    {
        var features = new float[count * d];
        for (int i = 0; i < features.Length; i++)
            if (rng.NextDouble() < 0.25) features[i] = (float)((float)((int)(rng.NextDouble() * 255) + 1) / 255f / 7.3);
        features[0] = (float)(1f / 7.3);
        return features;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Mnist_PairScreenEqualsFloat64(string backend)
    {
        IBlas blas = Backend(backend);
        var data = DatasetLoader.Load("mnist:split=test,subsample=3000,scale=unit-ball", new DataLoadContext(TestData.Directory, blas));
        foreach (var (n, lambda) in new[] { (500, 0.0), (130, 0.5) })
        {
            var (weights, bias) = Layer(n, data.FeatureCount, lambda, (ulong)n);
            var codes = new ThresholdCodes(blas, weights, bias, data.FeatureCount, n, 1000) { PairProduct = true };
            Assert.Equal(codes.Float64(data.Features, data.SampleCount), codes.Float32(data.Features, data.SampleCount));
            Assert.Equal(NativePairScreen.IsAvailable, codes.ScreenedByPairs);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void EightBitInputsAtAndNearZero_PairScreenEqualsFloat64AndRechecks(string backend)
    {
        // Biases set to -w.x (rounded in float64) plus offsets from 0 to far above the band: exact zeros, float64-rounding-level
        // values, values only a float64 dot product decides, and clear ones. d = 41 leaves the last pair half empty,
        // n = 200 a partial slice of units; some rows are all zero (their values are b exactly).
        IBlas blas = Backend(backend);
        const int count = 600, d = 41, n = 200;
        Rng rng = new Seed(31).CreateRng();
        float[] features = EightBit(rng, count, d);
        features.AsSpan(300 * d, d).Clear();
        var (weights, bias) = Layer(n, d, 0, 32);
        double[] offsets = [0, 1e-300, -1e-300, 1e-17, -1e-17, 1e-15, -1e-14, 1e-9, -1e-9, 1e-6, -1e-5, 1e-4, -1e-3, 1e-2, 1];
        for (int u = 0; u < n; u++)
        {
            // Offsets a float64 dot product cannot decide go to the first two chunks, the others after them.
            double offset = offsets[u % offsets.Length];
            int sample = Math.Abs(offset) >= 1e-9 ? 200 + 2 * u : u % 128;
            double dot = 0;
            for (int k = 0; k < d; k++) dot += weights[u * d + k] * features[sample * d + k];
            bias[u] = -dot + offset;
        }
        var codes = new ThresholdCodes(blas, weights, bias, d, n, 64) { PairProduct = true };
        ulong[] fast = codes.Float32(features, count);
        Assert.Equal(codes.Float64(features, count), fast);
        Assert.Equal(NativePairScreen.IsAvailable, codes.ScreenedByPairs);
        // The counts are the integer screen's: the float32 screen (no VNNI, or MEMLAB_NATIVE_PAIRS=0) has another band.
        if (!codes.ScreenedByPairs) return;
        Assert.True(codes.Rechecks.Rechecked >= n / 4, $"rechecked {codes.Rechecks.Rechecked}");
        Assert.True(codes.Rechecks.ChunksRecomputed >= 1, "no chunk needed the float64 path");
        Assert.True(codes.Rechecks.ChunksRecomputed < count / 64, "every chunk was recomputed");
    }

    [Fact]
    public void LargestInputsOnEqualWeights_SumsStayExact()
    {
        // Every weight of a unit equal (all quantize to the int16 limit) and every input 255: 255 * 32767 * d overflows
        // an int32, so the quantization must use a coarser step. Biases put the values a little off 0, both sides.
        IBlas blas = new ManagedBlas(1);
        const int count = 80, d = 784, n = 64;
        var features = new float[count * d];
        for (int i = 0; i < count; i++)
            for (int k = 0; k < d; k++) features[i * d + k] = i % 2 == 0 ? 1f : k % 3 == 0 ? 1f : (float)(153 / 255.0);
        var weights = new double[n * d];
        var bias = new double[n];
        for (int u = 0; u < n; u++)
        {
            weights.AsSpan(u * d, d).Fill(u % 2 == 0 ? 0.01 : -0.02);
            bias[u] = -(u % 2 == 0 ? 0.01 : -0.02) * d * (1 + (u % 5 - 2) * 1e-4);
        }
        var codes = new ThresholdCodes(blas, weights, bias, d, n, 40) { PairProduct = true };
        ulong[] reference = codes.Float64(features, count);
        Assert.Equal(reference, codes.Float32(features, count));
        Assert.Equal(NativePairScreen.IsAvailable, codes.ScreenedByPairs);
        Assert.Contains(reference, word => word != 0);
    }

    [Fact]
    public void NegativeOrNonGridInputs_TakeTheFloat32Screen()
    {
        Rng rng = new Seed(40).CreateRng();
        const int count = 100, d = 30, n = 70;
        float[] eightBit = EightBit(rng, count, d);
        float[] negative = (float[])eightBit.Clone();
        negative[5] = -negative[5] - 0.1f;
        float[] continuous = eightBit.Select(x => x == 0 ? 0 : x + (float)(rng.NextDouble() * 1e-3)).ToArray();
        Assert.NotNull(PairFirstLayer.InputScale(eightBit, d));
        Assert.Null(PairFirstLayer.InputScale(negative, d));
        Assert.Null(PairFirstLayer.InputScale(continuous, d));
        Assert.Null(PairFirstLayer.InputScale(new float[count * d], d));

        var (weights, bias) = Layer(n, d, 0.5, 41);
        foreach (float[] features in new[] { negative, continuous })
        {
            var codes = new ThresholdCodes(new ManagedBlas(1), weights, bias, d, n, 64) { PairProduct = true };
            Assert.Equal(codes.Float64(features, count), codes.Float32(features, count));
            Assert.False(codes.ScreenedByPairs);
        }
    }

    [Fact]
    public void PairProductOff_TheFloat32ScreenGivesTheSameBits()
    {
        Rng rng = new Seed(42).CreateRng();
        const int count = 300, d = 50, n = 130;
        float[] features = EightBit(rng, count, d);
        var (weights, bias) = Layer(n, d, 0.5, 43);
        var off = new ThresholdCodes(new ManagedBlas(2), weights, bias, d, n, 64) { PairProduct = false };
        var on = new ThresholdCodes(new ManagedBlas(2), weights, bias, d, n, 64) { PairProduct = true };
        ulong[] reference = off.Float64(features, count);
        Assert.Equal(reference, off.Float32(features, count));
        Assert.False(off.ScreenedByPairs);
        Assert.Equal(reference, on.Float32(features, count));
    }

    [Fact]
    public void NativeScreen_TurnedOffOrMissing_IsNotLoaded()
    {
        Assert.Equal(0, NativePairScreen.TryLoad("0", Path.Combine(AppContext.BaseDirectory, NativePopcount.LibraryName)));
        Assert.Equal(0, NativePairScreen.TryLoad(null, Path.Combine(Path.GetTempPath(), "no-such-folder", NativePopcount.LibraryName)));
        if (NativePairScreen.CpuSupportsVnni)
            Assert.NotEqual(0, NativePairScreen.TryLoad(null, Path.Combine(AppContext.BaseDirectory, NativePopcount.LibraryName)));
    }
}

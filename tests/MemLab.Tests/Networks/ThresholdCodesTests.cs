using MemLab.Constructions;
using MemLab.Networks;
using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Networks;

/// <summary>The float32 code path with exact rechecks must give every bit the float64 path gives.</summary>
public class ThresholdCodesTests
{
    public static TheoryData<string> Backends => new() { "managed", "openblas" };

    /// <summary>Each backend with the float32 GEMM and with the sparse product (the GEMM again where the machine lacks 512-bit vectors).</summary>
    public static TheoryData<string, bool> BackendsAndProducts => new() { { "managed", false }, { "managed", true }, { "openblas", false }, { "openblas", true } };

    internal static IBlas Backend(string name) => name == "managed" ? new ManagedBlas(2) : OpenBlas.Load(2);

    /// <summary>A layer of N(0, 1) weights and U[-lambda, lambda] biases.</summary>
    internal static (double[] Weights, double[] Bias) Layer(int n, int d, double lambda, ulong seed)
    {
        Rng rng = new Seed(seed).CreateRng();
        var weights = new double[n * d];
        rng.FillGaussian(weights);
        var bias = new double[n];
        for (int u = 0; u < n; u++) bias[u] = rng.Uniform(-lambda, lambda);
        return (weights, bias);
    }

    [Theory]
    [MemberData(nameof(BackendsAndProducts))]
    public void Mnist_Float32EqualsFloat64(string backend, bool sparse)
    {
        IBlas blas = Backend(backend);
        var data = DatasetLoader.Load("mnist:split=test,subsample=3000,scale=unit-ball", new DataLoadContext(TestData.Directory, blas));
        foreach (var (n, lambda) in new[] { (500, 0.0), (130, 0.5) })
        {
            var (weights, bias) = Layer(n, data.FeatureCount, lambda, (ulong)n);
            var codes = new ThresholdCodes(blas, weights, bias, data.FeatureCount, n, 1000) { SparseProduct = sparse };
            Assert.Equal(codes.Float64(data.Features, data.SampleCount), codes.Float32(data.Features, data.SampleCount));
        }
    }

    [Theory]
    [MemberData(nameof(BackendsAndProducts))]
    public void PreActivationsAtAndNearZero_Float32EqualsFloat64AndRechecks(string backend, bool sparse)
    {
        // Biases set to -w.x (rounded in float64) plus offsets from 0 to far above float32's error: exact zeros,
        // float64-rounding-level values, values only a float64 dot product decides, and clear ones. For the sparse
        // product three coordinates in four are 0 (-0 among them), as in images; n = 200 leaves a partial slice of units.
        IBlas blas = Backend(backend);
        const int count = 600, d = 40;
        int n = sparse ? 200 : 96;
        Rng rng = new Seed(11).CreateRng();
        var features = new float[count * d];
        for (int i = 0; i < features.Length; i++)
        {
            double draw = rng.Uniform(-1, 1);
            features[i] = !sparse || i % 4 == 3 ? (float)draw : draw < 0 ? -0f : 0f;
        }
        var (weights, bias) = Layer(n, d, 0, 12);
        double[] offsets = [0, 1e-300, -1e-300, 1e-17, -1e-17, 1e-15, -1e-14, 1e-9, -1e-9, 1e-6, -1e-5, 1e-3, -1e-2, 1];
        for (int u = 0; u < n; u++)
        {
            // Offsets a float64 dot product cannot decide go to the first two chunks, the others after them.
            double offset = offsets[u % offsets.Length];
            int sample = Math.Abs(offset) >= 1e-9 ? 200 + 2 * u : u;
            double dot = 0;
            for (int k = 0; k < d; k++) dot += weights[u * d + k] * features[sample * d + k];
            bias[u] = -dot + offset;
        }
        var codes = new ThresholdCodes(blas, weights, bias, d, n, 64) { SparseProduct = sparse };
        ulong[] fast = codes.Float32(features, count);
        Assert.Equal(codes.Float64(features, count), fast);
        Assert.True(codes.Rechecks.Rechecked >= n / 4, $"rechecked {codes.Rechecks.Rechecked}");
        Assert.True(codes.Rechecks.ChunksRecomputed >= 1, "no chunk needed the float64 path");
        Assert.True(codes.Rechecks.ChunksRecomputed < count / 64, "every chunk was recomputed");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void SparseRowsThatAreZeroOrNonzeroOnlyPastTheLastFullVector_Float32EqualsFloat64(string backend)
    {
        // d = 37: the sparse product finds nonzeros 16 coordinates at a time and the last 5 one by one. Rows that are all
        // zero give b exactly (biases at, within rounding of and near 0); rows nonzero only in the last 5 coordinates
        // sit at biases set to -w.x plus tiny offsets; n = 300 ends in a partial slice of units.
        IBlas blas = Backend(backend);
        const int count = 300, d = 37, n = 300;
        Rng rng = new Seed(21).CreateRng();
        var features = new float[count * d];
        for (int i = 0; i < count; i++)
            if (i % 3 != 0)
                for (int k = 32; k < d; k++) features[i * d + k] = (float)rng.Uniform(0, 1);
        var (weights, bias) = Layer(n, d, 0, 22);
        double[] offsets = [0, 1e-300, -1e-300, 1e-15, -1e-12, 1e-8, -1e-6];
        for (int u = 0; u < n; u++)
        {
            int sample = 3 * (u % 100) + 1;
            double dot = 0;
            for (int k = 0; k < d; k++) dot += weights[u * d + k] * features[sample * d + k];
            bias[u] = (u % 2 == 0 ? 0 : -dot) + offsets[u % offsets.Length];
        }
        var codes = new ThresholdCodes(blas, weights, bias, d, n, 64) { SparseProduct = true };
        Assert.Equal(codes.Float64(features, count), codes.Float32(features, count));
        Assert.True(codes.Rechecks.Rechecked > 0, "no value was rechecked");
        Assert.True(codes.Rechecks.ChunksRecomputed >= 1, "no chunk needed the float64 path");
    }

    [Theory]
    [InlineData(1e20f)]
    [InlineData(1e-20f)]
    public void CoordinatesOutsideFloat32sSafeRange_TakeTheFloat64Path(float size)
    {
        // Weights scaled to the data (as the construction scales them) would underflow or overflow in float32 products.
        IBlas blas = new ManagedBlas(1);
        const int count = 300, d = 20, n = 70;
        Rng rng = new Seed(8).CreateRng();
        var features = new float[count * d];
        for (int i = 0; i < features.Length; i++) features[i] = (float)rng.Uniform(-1, 1) * size;
        var (weights, bias) = Layer(n, d, 0.5, 9);
        for (int i = 0; i < weights.Length; i++) weights[i] /= size;
        var codes = new ThresholdCodes(blas, weights, bias, d, n, 64);
        Assert.Equal(codes.Float64(features, count), codes.Compute(features, count));
        Assert.Equal((0L, 0), codes.Rechecks);
    }

    [Fact]
    public void FinkeBuild_ThresholdWide_CodesOfTheNetworkAreTheFloat64Codes()
    {
        // The second layer stores -U(x-) for each chosen point: its pattern must be the float64 code of that point.
        IBlas blas = new ManagedBlas(1);
        var data = DatasetLoader.Load("mnist:split=test,subsample=1500,scale=unit-ball", new DataLoadContext(TestData.Directory, blas));
        var result = new FinkeConstruction(blas).Build(data, new FinkeOptions { Width = 200, Lambda = 0.3, Cover = Cover.Random }, new Seed(4));
        Assert.True(result.Report.Memorized);
        var first = (DenseLayer)result.Network.Layers[0];
        var reference = new ThresholdCodes(blas, first.StoredWeights.ToArray(), first.Bias.ToArray(), data.FeatureCount, 200, 1500).Float64(data.Features, data.SampleCount);
        var second = result.Network.Layers[1];
        var patterns = Enumerable.Range(0, data.SampleCount)
            .Select(i => string.Concat(Enumerable.Range(0, 200).Select(u => (reference[i * 4 + (u >> 6)] >> (u & 63) & 1) == 0 ? '1' : '0')))
            .ToHashSet();
        for (int row = 0; row < second.OutputCount; row++)
        {
            string off = string.Concat(second.StoredWeights.Slice(row * 200, 200).ToArray().Select(w => w == -1 ? '1' : '0'));
            Assert.Contains(off, patterns);
        }
    }
}

using System.Runtime.Intrinsics;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// The randomized, instance-specific memorization construction of Dirksen, Finke and Genzel (docs/algorithms.md
/// section 1): a random first layer Phi(x) = H(W x + b) (or ReLU), W ~ N(0, 1), b ~ Uniform[-lambda, lambda], on
/// the data divided by its largest norm; a second layer with one threshold neuron z -> H(m(x-)/2 - &lt;U(x-), z&gt;)
/// per chosen point x- of the class X-, where U(x-) marks the units off at x- and m(x-) is the smallest
/// &lt;U(x-), Phi(x+)&gt; over the other class; and an OR output. The neurons are pruned by a set cover
/// (<see cref="Cover"/>). Two classes: X- is class 0 and the output unit is H(1/2 - sum), on (class 1) exactly when
/// no neuron fires (Sign rule). K &gt; 2 classes: one shared first layer, one-vs-rest neurons for every class, K OR
/// units H(sum_k - 1/2) and an Argmax output, so a point no neuron covers is a tie: a failure that verification
/// reports, never a hidden one. Points with m = 0 that no neuron covers are listed in
/// <see cref="FinkeDetails.UncoverableIndices"/>. Parameters: d n + n + n K2 + K2 + K (K2 + 1) with K2 the pruned
/// width and K = 1 output for two classes.
/// </summary>
/// <remarks>
/// Implements Dirksen, Finke, Genzel, "Memorization with neural nets: going beyond the worst case", JMLR 25 (2024),
/// Algorithm 1 (the network with one neuron per point, <see cref="Cover.None"/>) and its pruning by set cover.
/// Threshold first layers use bit-packed codes and popcount (<see cref="BitCodeProducts"/>): the inner products are
/// exact integers, and the second-layer bias is the reach's threshold written as a half-integer (m - 1/2 for the
/// default Full reach; ceil(m/2) - 1/2, the same decisions as m/2, for Half), so no second-layer pre-activation
/// is ever exactly 0. The first-layer pre-activations that decide the codes
/// are decided exactly as float64 GEMMs with the same weights the network stores decide them (wide threshold layers
/// mostly in float32 with exact rechecks, <see cref="ThresholdCodes"/>); the float64 verification at the end is the
/// judge either way.
/// </remarks>
[Source("Dirksen, Finke, Genzel (2024), \"Memorization with neural nets: going beyond the worst case\", JMLR 25",
    Algorithm = "Algorithm 1, pruned by set cover")]
public sealed class FinkeConstruction(IBlas blas, IProgress<double>? progress = null)
    : Construction<FinkeOptions, FinkeDetails>(ConstructionId, blas, progress, Needs)
{
    /// <summary>The stable id, "finke".</summary>
    public const string ConstructionId = "finke";

    private const int ChunkRows = 4096;

    /// <summary>The construction proper (see the type's summary), which benchmarks time on its own.</summary>
    /// <param name="data">Labelled points, at least two classes, none empty, no conflicting duplicates.</param>
    /// <param name="options">Width, lambda, activation and cover.</param>
    /// <param name="seed">Draws the first layer (<c>seed.Derive("first-layer")</c>) and the random cover, or the greedy cover's samples, of class k (<c>seed.Derive("cover").Derive(k)</c>).</param>
    /// <exception cref="MemLabException">
    /// Real targets, fewer than two classes, an empty class or conflicting duplicates (InvalidData); or no point of
    /// any class can get a neuron (HypothesisViolated).
    /// </exception>
    protected override (Network Network, FinkeDetails Details) BuildNetwork(Dataset data, FinkeOptions options, Seed seed)
    {
        int n = options.Width, d = data.FeatureCount, k = data.ClassCount;
        double scale = Scaling.LargestNorm(data.Features, d);
        var (weights, bias) = FirstLayer(seed.Derive("first-layer"), n, d, options.Lambda, scale);
        var firstLayer = new DenseLayer(d, n, weights, bias, options.Activation);
        bool relu = options.Activation == Activation.Relu;
        var (codes, features) = d <= NarrowLayer.MaxInputs
            ? NarrowCodes(new NarrowLayer(firstLayer), data.Features, data.SampleCount, Blas.ThreadCount, relu,
                screen: !relu && Vector512.IsHardwareAccelerated && Float32Bound.InRange(weights, bias, data.Features))
            : relu ? Codes(data, weights, bias, n, relu)
            : (new ThresholdCodes(Blas, weights, bias, d, n, CodeChunkRows(n, d, data.SampleCount)).Compute(data.Features, data.SampleCount), null);
        Progress?.Report(0.1);

        int words = (n + 63) / 64;
        var bits = new BitCodeProducts(codes, words, n, Blas.ThreadCount);
        IInnerProducts products = features is null ? bits : new ReluProducts(Blas, features, bits, n);
        ReadOnlySpan<int> labels = data.Labels;
        int coveredClasses = k == 2 ? 1 : k;
        Func<double, double> threshold = CoverThreshold(options.EffectiveReach, options.Activation);
        var covers = new ClassCover[coveredClasses];
        for (int c = 0; c < coveredClasses; c++)
        {
            var negatives = new List<int>();
            var positives = new List<int>();
            for (int i = 0; i < labels.Length; i++) (labels[i] == c ? negatives : positives).Add(i);
            IProgress<double>? progress = ScaledProgress.Of(Progress, 0.1 + 0.6 * c / coveredClasses, 0.6 / coveredClasses);
            covers[c] = options.Cover switch
            {
                Cover.Greedy => SetCover.Greedy(products, negatives.ToArray(), positives.ToArray(), threshold, seed.Derive("cover").Derive(c).CreateRng(), progress),
                Cover.Random => SetCover.Random(products, negatives.ToArray(), positives.ToArray(), threshold, seed.Derive("cover").Derive(c).CreateRng(), progress),
                Cover.None => SetCover.All(products, negatives.ToArray(), positives.ToArray(), threshold, progress),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Cover, "Unknown cover."),
            };
        }

        int[] uncoverable = covers.SelectMany(c => c.Uncovered).Order().ToArray();
        if (covers.All(c => c.Neurons.Count == 0))
            throw MemLabException.HypothesisViolated(
                $"No point can get a second-layer neuron: every point of {(k == 2 ? "class 0" : "every class")} has m = 0 " +
                $"(e.g. sample {uncoverable[0]}: wherever its first-layer units are off, some point of another class has one on). " +
                $"Width {n}, lambda {options.Lambda}; increase the width or lambda (lambda = 0 fails on data centred at the origin).");

        var network = new Network(
            [
                firstLayer,
                SecondLayer(covers, bits, n, threshold, Blas.ThreadCount),
                OutputLayer(covers, k),
            ],
            k == 2 ? OutputRule.Sign : OutputRule.Argmax,
            NetworkProvenance.For(Id, OptionsJson.Of(options), seed, data));
        var perClass = new int[k];
        for (int c = 0; c < coveredClasses; c++) perClass[c] = covers[c].Neurons.Count;
        return (network, new FinkeDetails
        {
            Cover = options.Cover,
            PrunedWidthPerClass = perClass,
            UncoverableIndices = uncoverable,
            CandidatesScored = covers.Sum(c => c.Scored),
            InputScale = scale,
        });
    }

    /// <summary>W (n x d, N(0, 1) entries, divided by <paramref name="scale"/> so the network takes raw inputs) and b ~ U[-lambda, lambda].</summary>
    private static (double[] Weights, double[] Bias) FirstLayer(Seed seed, int n, int d, double lambda, double scale)
    {
        Rng rng = seed.CreateRng();
        var weights = new double[(long)n * d];
        rng.FillGaussian(weights);
        for (int i = 0; i < weights.Length; i++) weights[i] /= scale;
        var bias = new double[n];
        for (int i = 0; i < n; i++) bias[i] = rng.Uniform(-lambda, lambda);
        return (weights, bias);
    }

    /// <summary>
    /// The n-bit code of every point (bit u set when W x + b &gt; 0 at unit u, as H(0) = 0) and, for ReLU, the N x n
    /// values ReLU(W x + b): float64 GEMMs over chunks of rows, the bias loaded into C as the forward pass does. Used for
    /// ReLU layers; threshold layers take <see cref="ThresholdCodes"/>, which gives the same bits.
    /// </summary>
    private (ulong[] Codes, double[]? Features) Codes(Dataset data, double[] weights, double[] bias, int n, bool relu)
    {
        int count = data.SampleCount, d = data.FeatureCount, words = (n + 63) / 64;
        var codes = new ulong[(long)count * words];
        double[]? features = relu ? new double[(long)count * n] : null;
        int chunk = CodeChunkRows(n, d, count);
        var inputs = new double[chunk * d];
        var pre = new double[chunk * n];
        ReadOnlySpan<float> all = data.Features;
        for (int first = 0; first < count; first += chunk)
        {
            int rows = Math.Min(chunk, count - first);
            for (int j = 0; j < rows * d; j++) inputs[j] = all[first * d + j];
            for (int r = 0; r < rows; r++) bias.CopyTo(pre.AsSpan(r * n, n));
            Blas.Dgemm(Transpose.No, Transpose.Yes, rows, n, d, 1.0, inputs, d, weights, d, 1.0, pre, n);
            for (int r = 0; r < rows; r++)
            {
                Span<ulong> code = codes.AsSpan((first + r) * words, words);
                ReadOnlySpan<double> row = pre.AsSpan(r * n, n);
                BitPacking.Positive(row, code);
                if (features is not null)
                    for (int u = 0; u < n; u++) features[(long)(first + r) * n + u] = Math.Max(row[u], 0);
            }
        }
        return (codes, features);
    }

    /// <summary>Rows per first-layer GEMM of the code paths (the float64 path's partition, which <see cref="ThresholdCodes"/> keeps).</summary>
    internal static int CodeChunkRows(int n, int d, int count) => Math.Min(Networks.ChunkSize.Rows(ChunkRows, Math.Max(n, d)), count);

    /// <summary>
    /// <see cref="Codes"/> for data with few features (<see cref="NarrowLayer.MaxInputs"/>): each point's pre-activations
    /// by a plain loop into a row that stays in L1, rather than GEMMs through N x n stored values; or, with
    /// <paramref name="screen"/> (threshold layers, values in <see cref="Float32Bound.InRange"/>'s range), its bits from
    /// the float32 screen (<see cref="NarrowLayer.ScreenedBits"/>), every value near 0 decided by the float64 sum, which
    /// gives the same bits. Points are split into one contiguous range per thread, which changes no value.
    /// </summary>
    internal static (ulong[] Codes, double[]? Features) NarrowCodes(NarrowLayer layer, ReadOnlySpan<float> points, int count, int threads, bool relu, bool screen)
    {
        int d = layer.Inputs, n = layer.Units, words = (n + 63) / 64;
        var codes = new ulong[(long)count * words];
        double[]? features = relu ? new double[(long)count * n] : null;
        float[] all = points[..(count * d)].ToArray();
        int parts = Math.Max(1, Math.Min(threads, count / 1024));
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            var x = new double[d];
            var pre = screen ? [] : new double[n];
            var unclear = screen ? new int[n] : [];
            for (long i = (long)count * part / parts, end = (long)count * (part + 1) / parts; i < end; i++)
            {
                for (int k = 0; k < d; k++) x[k] = all[i * d + k];
                Span<ulong> code = codes.AsSpan((int)(i * words), words);
                if (screen)
                {
                    int listed = layer.ScreenedBits(all.AsSpan((int)(i * d), d), code, unclear);
                    for (int j = 0; j < listed; j++)
                        if (layer.PreActivation(x, unclear[j]) > 0) code[unclear[j] >> 6] |= 1UL << (unclear[j] & 63);
                    continue;
                }
                layer.PreActivations(x, pre);
                BitPacking.Positive(pre, code);
                if (features is not null)
                    for (int u = 0; u < n; u++) features[i * n + u] = Math.Max(pre[u], 0);
            }
        });
        return (codes, features);
    }

    /// <summary>
    /// The threshold t(m) below which a neuron fires, used both to decide what it covers and as its bias. Threshold
    /// first layers have integer inner products, so t is written as a half-integer (never exactly an inner product):
    /// Full gives m - 1/2, Half gives ceil(m/2) - 1/2 (the same decisions as m/2). ReLU uses m/2.
    /// </summary>
    private static Func<double, double> CoverThreshold(CoverReach reach, Activation activation) => (reach, activation) switch
    {
        (CoverReach.Full, Activation.Threshold) => m => m - 0.5,
        (CoverReach.Half, Activation.Threshold) => m => Math.Ceiling(m / 2) - 0.5,
        (CoverReach.Half, _) => m => m / 2,
        _ => throw new ArgumentOutOfRangeException(nameof(reach), reach, "Full reach needs the threshold activation (checked by FinkeOptions)."),
    };

    /// <summary>
    /// One row per chosen neuron, class by class: weights -U(x-) (−1 where the unit is off at x-) and bias t(m). The rows
    /// are written on <paramref name="threads"/> threads (on all of MNIST they are 68 MB of fresh pages, which the
    /// kernel zeroes as they are first written); each row alone, so the values do not depend on the split.
    /// </summary>
    private static DenseLayer SecondLayer(ClassCover[] covers, BitCodeProducts bits, int n, Func<double, double> threshold, int threads)
    {
        (int Index, double M)[] neurons = covers.SelectMany(c => c.Neurons).ToArray();
        var weights = new double[(long)neurons.Length * n];
        var bias = new double[neurons.Length];
        int parts = Math.Max(1, Math.Min(threads, neurons.Length / 256));
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            for (long row = (long)neurons.Length * part / parts, end = (long)neurons.Length * (part + 1) / parts; row < end; row++)
            {
                ReadOnlySpan<ulong> code = bits.Code(neurons[row].Index);
                Span<double> weightRow = weights.AsSpan((int)(row * n), n);
                for (int u = 0; u < n; u++)
                    if ((code[u >> 6] >> (u & 63) & 1) == 0) weightRow[u] = -1;
                bias[row] = threshold(neurons[row].M);
            }
        });
        return new DenseLayer(n, neurons.Length, weights, bias, Activation.Threshold);
    }

    /// <summary>Two classes: H(1/2 - sum), on exactly when no neuron (all of class 0) fires. K classes: H(sum_k - 1/2) per class.</summary>
    private static DenseLayer OutputLayer(ClassCover[] covers, int classCount)
    {
        int total = covers.Sum(c => c.Neurons.Count);
        if (classCount == 2)
        {
            var weights = new double[total];
            Array.Fill(weights, -1.0);
            return new DenseLayer(total, 1, weights, [0.5], Activation.Threshold);
        }
        var orWeights = new double[(long)classCount * total];
        int column = 0;
        for (int c = 0; c < classCount; c++)
            for (int j = 0; j < covers[c].Neurons.Count; j++)
                orWeights[(long)c * total + column++] = 1;
        var orBias = new double[classCount];
        Array.Fill(orBias, -0.5);
        return new DenseLayer(total, classCount, orWeights, orBias, Activation.Threshold);
    }

    private static readonly ClassRequirement Needs = new("The Finke construction", NoConflictingDuplicates: true,
        ClassCountHint: "Use data with two or more classes.", EmptyClassHint: "Relabel the classes 0..K-1 without gaps.");
}

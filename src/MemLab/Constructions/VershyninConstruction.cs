using System.Globalization;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Randomness;

namespace MemLab.Constructions;

/// <summary>
/// Vershynin's probabilistic memorization construction (docs/algorithms.md section 2) for an architecture d, m1, ..., mL, 1
/// with L &gt;= 3 hidden layers, binary labels and unit inputs (data that is not unit-norm is normalized point by point
/// first, and <see cref="VershyninDetails.InputsNormalized"/> says so).
/// <list type="number">
/// <item>Enrichment I (layer 1): U = H(G1 x - b1), G1 with i.i.d. N(0, 1) entries, b1 = Q^-1(p1): a sparse code.</item>
/// <item>Enrichment II (layer 2): V = H(G2 z - b2) on the centred code z = (U - mean1) / sqrt(m1 var1), b2 = Q^-1(p2);
/// the centring and scaling are folded exactly into layer 2's weights G2 / sqrt(m1 var1) and biases.</item>
/// <item>Perception: the points of the smaller class are sorted by the norm of their centred code c = V - mean2 and cut
/// into batches; batch j gets v_j = sum_k eps_k c_k with Rademacher signs and a mirror pair H(v_j.c - theta_j),
/// H(-v_j.c - theta_j) whose threshold is calibrated (<see cref="BatchThreshold"/>); the centring folds into the biases.</item>
/// <item>Stacking (Theorem 7.2): every hidden layer from the third on hosts pairs reading the code of the layer before,
/// carries the code forward by identity units (or re-enriches it when the layer is too narrow to carry it and host a
/// pair), and ORs the previous layer's pairs into one accumulator unit. The points are shared among the layers in
/// proportion to the weights into their pairs. The output unit ORs the last hidden layer.</item>
/// </list>
/// With ReLU stages (<see cref="VershyninActivation"/>) the code is centred by the expected ReLU value and the output is
/// a threshold on the sum of the last layer at half its smallest value on a memorized point.
/// </summary>
/// <remarks>
/// Implements R. Vershynin, "Memory capacity of neural networks with threshold and ReLU activations", SIAM J. Math.
/// Data Sci. 2 (2020), Theorems 7.1 (enrichment I and II, perception) and 7.2 (stacking). The constants are memlab's
/// (docs/algorithms.md): sparsity min(1/2, 50/m) per threshold stage and min(1/2, max(0.15, 50/m)) per ReLU stage, thresholds calibrated per batch at the midpoint, and batches
/// spread over every available pair. Randomness: <c>seed.Derive("enrichment-1")</c> draws G1 row by row,
/// <c>seed.Derive("enrichment-2")</c> G2, <c>seed.Derive("re-enrichment").Derive(k)</c> the re-enrichment of hidden
/// layer k, <c>seed.Derive("signs").Derive(j)</c> the signs of batch j (<c>.Derive(t)</c> its t-th redraw), <c>seed.Derive("orthogonality")</c> the sample
/// of points whose code orthogonality is measured when N exceeds <see cref="OrthogonalitySample"/>.
/// </remarks>
[Source("Vershynin (2020), \"Memory capacity of neural networks with threshold and ReLU activations\", SIAM J. Math. Data Sci. 2",
    Algorithm = "Theorems 7.1 and 7.2 (enrichment, perception by mirror perceptrons, stacking)")]
public sealed class VershyninConstruction(IBlas blas, IProgress<double>? progress = null)
    : Construction<VershyninOptions, VershyninDetails>(ConstructionId, blas, progress, Needs)
{
    /// <summary>The code orthogonality is measured over all pairs of at most this many points (a seeded sample beyond).</summary>
    public const int OrthogonalitySample = 2048;

    /// <summary>The largest | |x| - 1 | for which the data counts as unit vectors and is used as given.</summary>
    public const double UnitTolerance = 1e-6;

    /// <summary>The stable id, "vershynin".</summary>
    public const string ConstructionId = "vershynin";

    /// <summary>The construction proper (see the type's summary); the network takes the unit-normalized data.</summary>
    /// <param name="data">Binary labels, both classes present, no conflicting duplicates.</param>
    /// <param name="options">Architecture, activation, sparsities and batch size.</param>
    /// <param name="seed">Draws every random choice (see the remarks).</param>
    /// <exception cref="MemLabException">
    /// An architecture with no room for a mirror pair (InvalidOptions); real targets, K &gt; 2 classes, a missing
    /// class, conflicting duplicates, or input dimension unlike the architecture's (InvalidData); a separation too
    /// small for the sparsities (HypothesisViolated).
    /// </exception>
    protected override (Network Network, VershyninDetails Details) BuildNetwork(Dataset data, VershyninOptions options, Seed seed)
    {
        int[] arch = options.Architecture.ToArray();
        if (arch[0] != data.FeatureCount)
            throw MemLabException.InvalidData(
                $"The architecture starts with d = {arch[0]} but the data ({data.Provenance.Spec}) has {data.FeatureCount} features. Start --arch with {data.FeatureCount}.");
        var plan = Plan(arch);
        int totalPairs = plan.Sum(l => l.Pairs);
        if (totalPairs == 0) throw NoRoomForPairs(arch);

        var (unit, normalized, deviation) = UnitInputs(data);
        DatasetChecks.RequireNoConflictingDuplicates(data);
        try
        {
            DatasetChecks.RequireNoConflictingDuplicates(unit);
        }
        catch (MemLabException error) when (error.Kind == MemLabErrorKind.InvalidData)
        {
            // The points differ as given (checked just above); the construction's normalization merged them.
            string why = data.FeatureCount == 1 ? "; with d = 1 every point becomes +1 or -1" : "";
            throw MemLabException.InvalidData(
                $"After Vershynin's normalization (every point scaled to unit length{why}) {char.ToLowerInvariant(error.Message[0])}{error.Message[1..]} They differ before normalization; use data with d >= 2 or points in distinct directions from the origin.");
        }
        int n = unit.SampleCount, hidden = arch.Length - 2;
        Activation enrich = options.Activation == VershyninActivation.Threshold ? Activation.Threshold : Activation.Relu;
        Activation deep = options.Activation == VershyninActivation.Relu ? Activation.Relu : Activation.Threshold;
        double p1 = VershyninOptions.Sparsity(options.Sparsity1, arch[1], enrich);
        double p2 = VershyninOptions.Sparsity(options.Sparsity2, arch[2], enrich);
        double delta = GeometryReport.Describe(unit, Blas).MinDistanceBetweenClasses
            ?? throw new InvalidOperationException("Two classes without conflicting duplicates have a between-class distance.");
        var (predicted, required) = Predict(delta, p1, p2, arch);
        Progress?.Report(0.1);

        int[] sizes = unit.ClassSizes();
        var build = new PartialNetwork(unit, sizes[1] <= sizes[0] ? 1 : 0, OrthogonalityPoints(n, seed.Derive("orthogonality")));
        Enrich(build, arch, p1, p2, enrich, seed);
        Progress?.Report(0.3);

        int[][] assigned = Assign(Positives(unit.Labels, build.PositiveClass, build.Code), plan, options.BatchSize, n, totalPairs);
        foreach (PlanLayer layerPlan in plan)
        {
            Stack(build, layerPlan, assigned[layerPlan.Layer - 3], arch, deep, totalPairs, options, seed);
            Progress?.Report(0.3 + (ConstructedFraction - 0.3) * (layerPlan.Layer - 2) / (hidden - 2));
        }
        build.Layers.Add(OutputLayer(build.Outputs, n, arch[^2], build.Accumulator, build.PairStart, build.PairUnits, deep, unit.Labels, build.PositiveClass));

        build.Unseparated.Sort();
        var network = new Network(build.Layers, OutputRule.Sign, Provenance(options, seed, unit));
        return (network, new VershyninDetails
        {
            Activation = options.Activation,
            InputsNormalized = normalized,
            LargestNormDeviation = deviation,
            Separation = delta,
            RequiredSeparation = required,
            PredictedCosineAfterEnrichment = predicted,
            Sparsity1 = p1,
            Sparsity2 = p2,
            PositiveClass = build.PositiveClass,
            PositiveCount = sizes[build.PositiveClass],
            DeepConnections = options.DeepConnections,
            ConnectionsPerPoint = (double)options.DeepConnections / n,
            Layers = build.Stacked,
            Orthogonality = build.Orthogonality,
            Thresholds = build.Thresholds,
            UnseparatedIndices = build.Unseparated,
        });
    }

    /// <summary>
    /// The network as it grows layer by layer: its layers, every point's outputs of the last one, the code the next
    /// layer reads, where the last layer's accumulator and pairs sit (the next layer ORs them), and what the details report.
    /// </summary>
    private sealed class PartialNetwork(Dataset unit, int positiveClass, int[] sample)
    {
        /// <summary>The unit-normalized training data.</summary>
        public Dataset Unit { get; } = unit;

        /// <summary>The class the pairs memorize (the smaller one).</summary>
        public int PositiveClass { get; } = positiveClass;

        /// <summary>The points whose code orthogonality is measured.</summary>
        public int[] Sample { get; } = sample;

        public List<DenseLayer> Layers { get; } = [];

        /// <summary>N x (width of the last layer) outputs of the last layer, in float64.</summary>
        public double[] Outputs { get; set; } = [];

        /// <summary>The code the next layer's pairs read.</summary>
        public Code Code { get; set; } = null!;

        /// <summary>The last layer's accumulator unit (-1 when it has none), and its pair units [PairStart, PairStart + PairUnits).</summary>
        public int Accumulator { get; set; } = -1;

        public int PairStart { get; set; }

        public int PairUnits { get; set; }

        /// <summary>The batches placed so far (numbers each batch's sign seed).</summary>
        public int BatchIndex { get; set; }

        public List<CodeOrthogonality> Orthogonality { get; } = [];

        public List<BatchThreshold> Thresholds { get; } = [];

        public List<int> Unseparated { get; } = [];

        public List<StackedLayer> Stacked { get; } = [];
    }

    /// <summary>
    /// Enrichment I and II (Theorem 7.1): the sparse code U = act(G1 x - b1) and V = act(G2 z - b2) on its centred,
    /// scaled form z, with the code orthogonality of the inputs and of both codes.
    /// </summary>
    private void Enrich(PartialNetwork build, int[] arch, double p1, double p2, Activation enrich, Seed seed)
    {
        int n = build.Unit.SampleCount;
        var x = new double[(long)n * arch[0]];
        for (int i = 0; i < x.Length; i++) x[i] = build.Unit.Features[i];
        build.Orthogonality.Add(Orthogonality("input", 0, new Code(x, arch[0], 0, arch[0], 0, 0, 0, false), build.Sample));

        var first = FirstLayer(seed.Derive("enrichment-1"), arch[0], arch[1], p1, enrich);
        double[] outputs = Outputs(x, n, first);
        var code = new Code(outputs, arch[1], 0, arch[1], 0, 0, p1, enrich == Activation.Threshold).WithStats(enrich);
        build.Orthogonality.Add(Orthogonality("enrichment I", 1, code, build.Sample));

        var second = EnrichmentLayer(seed.Derive("enrichment-2"), code, arch[1], arch[2], p2, enrich);
        outputs = Outputs(outputs, n, second);
        code = new Code(outputs, arch[2], 0, arch[2], 0, 0, p2, enrich == Activation.Threshold).WithStats(enrich);
        build.Orthogonality.Add(Orthogonality("enrichment II", 2, code, build.Sample));

        build.Layers.Add(first);
        build.Layers.Add(second);
        build.Outputs = outputs;
        build.Code = code;
    }

    /// <summary>
    /// Stacking (Theorem 7.2): hidden layer k &gt;= 3 holds the OR of the previous layer's pairs (<see cref="OrPreviousPairs"/>),
    /// the code carried forward (<see cref="CarryCode"/>) and the mirror pairs of its batches (<see cref="Perceive"/>).
    /// </summary>
    private void Stack(PartialNetwork build, PlanLayer layerPlan, int[] points, int[] arch, Activation deep, int totalPairs,
        VershyninOptions options, Seed seed)
    {
        int n = build.Unit.SampleCount, k = layerPlan.Layer, inWidth = arch[k - 1], width = arch[k];
        var weights = new double[(long)width * inWidth];
        var bias = new double[width];
        Array.Fill(bias, -1.0);
        int unitIndex = OrPreviousPairs(build, layerPlan, weights, bias, deep);
        double nextSparsity = CarryCode(build, layerPlan, weights, bias, inWidth, unitIndex, deep, options, seed);
        int codeOffset = unitIndex;
        unitIndex += layerPlan.CodeOut;
        int[][] batchList = Perceive(build, points, layerPlan, weights, bias, inWidth, unitIndex, options, seed);

        var layer = new DenseLayer(inWidth, width, weights, bias, deep);
        build.Layers.Add(layer);
        build.Outputs = Outputs(build.Outputs, n, layer);
        if (layerPlan.CodeOut > 0)
        {
            build.Code = layerPlan.ReEnrich || deep == Activation.Threshold
                ? new Code(build.Outputs, width, codeOffset, layerPlan.CodeOut, 0, 0, nextSparsity, deep == Activation.Threshold).WithStats(deep)
                : build.Code with { Values = build.Outputs, Stride = width, Offset = codeOffset };
            if (layerPlan.ReEnrich) build.Orthogonality.Add(Orthogonality($"re-enrichment (layer {k})", k, build.Code, build.Sample));
        }
        build.Accumulator = layerPlan.HasAccumulator ? 0 : -1;
        build.PairStart = unitIndex;
        build.PairUnits = 2 * batchList.Length;
        int largestBatch = batchList.Select(b => b.Length).DefaultIfEmpty(0).Max();
        build.Stacked.Add(new StackedLayer(k, width, layerPlan.CodeOut, layerPlan.ReEnrich, layerPlan.Pairs, 2L * layerPlan.Pairs * layerPlan.CodeIn,
            points.Length, batchList.Length, layerPlan.CodeIn / (12 * Math.Log(2.0 * n * totalPairs)), largestBatch));
    }

    /// <summary>The accumulator of a layer k &gt;= 4, unit 0: the OR of the previous layer's accumulator and pairs. Returns the next free unit.</summary>
    private static int OrPreviousPairs(PartialNetwork build, PlanLayer layerPlan, double[] weights, double[] bias, Activation deep)
    {
        if (!layerPlan.HasAccumulator) return 0;
        if (build.Accumulator >= 0) weights[build.Accumulator] = 1;
        for (int u = build.PairStart; u < build.PairStart + build.PairUnits; u++) weights[u] = 1;
        bias[0] = deep == Activation.Threshold ? -0.5 : 0;
        return 1;
    }

    /// <summary>
    /// The code carried into the layer's units from <paramref name="unitIndex"/> on: copied by identity units, or
    /// re-enriched when the layer is too narrow to copy it and host a pair. Returns the carried code's sparsity (0 when none is carried).
    /// </summary>
    private double CarryCode(PartialNetwork build, PlanLayer layerPlan, double[] weights, double[] bias, int inWidth, int unitIndex,
        Activation deep, VershyninOptions options, Seed seed)
    {
        Code code = build.Code;
        if (layerPlan.CodeOut == 0) return 0;
        if (!layerPlan.ReEnrich)
        {
            double carryBias = deep == Activation.Relu ? 0 : code.Binary ? -0.5 : -SmallestPositive(code, build.Unit.SampleCount) / 2;
            for (int j = 0; j < code.Width; j++)
            {
                weights[(long)(unitIndex + j) * inWidth + code.Offset + j] = 1;
                bias[unitIndex + j] = carryBias;
            }
            return code.Sparsity;
        }
        double sparsity = VershyninOptions.Sparsity(options.Sparsity2, layerPlan.CodeOut, deep);
        var reEnriched = EnrichmentLayer(seed.Derive("re-enrichment").Derive(layerPlan.Layer), code, inWidth, layerPlan.CodeOut, sparsity, deep);
        reEnriched.Weights.CopyTo(weights.AsSpan(unitIndex * inWidth));
        reEnriched.Bias.CopyTo(bias.AsSpan(unitIndex));
        return sparsity;
    }

    /// <summary>
    /// Perception (Theorem 7.1): the layer's points cut into batches; batch j gets v_j = sum_k eps_k c_k over its centred
    /// codes with Rademacher signs (redrawn up to <see cref="VershyninOptions.SignDraws"/> times while the batch does not
    /// separate) and the mirror pair H(v_j.c - theta_j), H(-v_j.c - theta_j) at units <paramref name="unitIndex"/> + 2j,
    /// the centring folded into the biases. Returns the batches.
    /// </summary>
    private int[][] Perceive(PartialNetwork build, int[] points, PlanLayer layerPlan, double[] weights, double[] bias, int inWidth, int unitIndex,
        VershyninOptions options, Seed seed)
    {
        Code code = build.Code;
        int n = build.Unit.SampleCount, k = layerPlan.Layer;
        ReadOnlySpan<int> labels = build.Unit.Labels;
        int batches = points.Length == 0 ? 0 : Math.Min(layerPlan.Pairs, options.BatchSize is { } b ? (points.Length + b - 1) / b : points.Length);
        double[] centred = code.Centred(n);
        var batchList = new int[batches][];
        var signed = new double[(long)batches * code.Width];
        for (int j = 0; j < batches; j++)
        {
            batchList[j] = points[(int)((long)points.Length * j / batches)..(int)((long)points.Length * (j + 1) / batches)];
            SignedSum(centred, code.Width, batchList[j], seed.Derive("signs").Derive(build.BatchIndex + j), signed.AsSpan(j * code.Width, code.Width));
        }
        var scores = new double[(long)n * batches];
        if (batches > 0)
            Blas.Dgemm(Transpose.No, Transpose.Yes, n, batches, code.Width, 1.0, centred, code.Width, signed, code.Width, 0.0, scores, batches);
        for (int j = 0; j < batches; j++)
        {
            Span<double> v = signed.AsSpan(j * code.Width, code.Width);
            var threshold = Calibrate(scores, batches, j, batchList[j], labels, build.PositiveClass, k, build.BatchIndex);
            for (int draw = 1; draw < options.SignDraws && threshold.Margin <= 0; draw++)
            {
                var redrawn = new double[code.Width];
                SignedSum(centred, code.Width, batchList[j], seed.Derive("signs").Derive(build.BatchIndex).Derive(draw), redrawn);
                var column = new double[n];
                Blas.Dgemm(Transpose.No, Transpose.Yes, n, 1, code.Width, 1.0, centred, code.Width, redrawn, code.Width, 0.0, column, 1);
                var candidate = Calibrate(column, 1, 0, batchList[j], labels, build.PositiveClass, k, build.BatchIndex) with { Draws = draw + 1 };
                if (candidate.Margin > threshold.Margin)
                {
                    threshold = candidate;
                    redrawn.CopyTo(v);
                }
            }
            build.Unseparated.AddRange(threshold.Unseparated);
            build.Thresholds.Add(threshold);
            double shift = 0;
            foreach (double value in v) shift += value;
            shift *= code.Mean;
            int plus = unitIndex + 2 * j, minus = plus + 1;
            for (int c = 0; c < code.Width; c++)
            {
                weights[(long)plus * inWidth + code.Offset + c] = v[c];
                weights[(long)minus * inWidth + code.Offset + c] = -v[c];
            }
            bias[plus] = -shift - threshold.Threshold;
            bias[minus] = shift - threshold.Threshold;
            build.BatchIndex++;
        }
        return batchList;
    }

    /// <summary>A code: <see cref="Width"/> units at <see cref="Offset"/> of each <see cref="Stride"/>-wide row of
    /// <see cref="Values"/>, with the expected value and variance of one unit and the fraction of units on.</summary>
    private sealed record Code(double[] Values, int Stride, int Offset, int Width, double Mean, double Variance, double Sparsity, bool Binary)
    {
        /// <summary>The mean and variance of one unit of a stage with this sparsity: p and p(1 - p) for threshold units,
        /// phi(b) - b p and (1 + b^2) p - b phi(b) - mean^2 for ReLU(g - b), b = Q^-1(p).</summary>
        public Code WithStats(Activation activation)
        {
            if (activation == Activation.Threshold) return this with { Mean = Sparsity, Variance = Sparsity * (1 - Sparsity) };
            double b = GaussianTail.UpperQuantile(Sparsity), phi = GaussianTail.Density(b);
            double mean = phi - b * Sparsity;
            return this with { Mean = mean, Variance = (1 + b * b) * Sparsity - b * phi - mean * mean };
        }

        /// <summary>The centred code c = values - mean of every point, N x Width.</summary>
        public double[] Centred(int count)
        {
            var centred = new double[(long)count * Width];
            for (int i = 0; i < count; i++)
                for (int u = 0; u < Width; u++)
                    centred[(long)i * Width + u] = Values[(long)i * Stride + Offset + u] - Mean;
            return centred;
        }
    }

    /// <summary>Hidden layer k &gt;= 3: an accumulator (k &gt;= 4), CodeOut units of code carried or re-enriched, and Pairs mirror pairs reading CodeIn units.</summary>
    private readonly record struct PlanLayer(int Layer, bool HasAccumulator, int CodeIn, int CodeOut, bool ReEnrich, int Pairs);

    /// <summary>
    /// What each hidden layer from the third on holds. A middle layer copies the code when it has room for the code,
    /// its accumulator and at least one pair (the rest of its units are pairs); otherwise it re-enriches the code into
    /// all its free units. The last hidden layer holds its accumulator and pairs only.
    /// </summary>
    private static List<PlanLayer> Plan(int[] arch)
    {
        var plan = new List<PlanLayer>();
        int hidden = arch.Length - 2, code = arch[2];
        for (int k = 3; k <= hidden; k++)
        {
            bool accumulator = k >= 4;
            int free = arch[k] - (accumulator ? 1 : 0);
            PlanLayer layer = code == 0 ? new PlanLayer(k, accumulator, 0, 0, false, 0)
                : k == hidden ? new PlanLayer(k, accumulator, code, 0, false, free / 2)
                : free >= code + 2 ? new PlanLayer(k, accumulator, code, code, false, (free - code) / 2)
                : new PlanLayer(k, accumulator, code, free, true, 0);
            plan.Add(layer);
            code = layer.CodeOut;
        }
        return plan;
    }

    private static MemLabException NoRoomForPairs(int[] arch)
    {
        int hidden = arch.Length - 2;
        string need = hidden == 3
            ? $"the third hidden layer needs at least 2 units (one pair); it has {arch[3]}"
            : $"the last hidden layer needs at least 3 units (its OR accumulator and one pair), or a middle layer k >= 3 needs room for the code it carries, an accumulator and a pair (m2 + 3 = {arch[2] + 3} units)";
        return MemLabException.InvalidOptions(
            $"Architecture {string.Join(",", arch)} is too narrow for any batch: no layer after the two enrichment layers has room for a mirror-perceptron pair; {need}. Widen the deep layers, e.g. {string.Join(",", arch[..3])},{Math.Max(2, arch[2] / 2)},1.");
    }

    /// <summary>The unit-normalized data the network takes (<see cref="UnitInputs"/>).</summary>
    protected override Dataset VerificationData(Dataset data) => UnitInputs(data).Data;

    /// <summary>The data as given when every norm is within <see cref="UnitTolerance"/> of 1, else every point divided by its norm.</summary>
    private static (Dataset Data, bool Normalized, double Deviation) UnitInputs(Dataset data)
    {
        double deviation = 0;
        for (int i = 0; i < data.SampleCount; i++)
        {
            double sum = 0;
            foreach (float v in data.Row(i)) sum += (double)v * v;
            deviation = Math.Max(deviation, Math.Abs(Math.Sqrt(sum) - 1));
        }
        return deviation <= UnitTolerance ? (data, false, deviation) : (Normalized(data), true, deviation);
    }

    /// <summary>
    /// The data with every row scaled to norm 1. When the data came from a spec without a scale step, the result's spec
    /// gains <c>scale=unit-rows</c> (a row-local step, so its place among the steps does not matter), which is what the
    /// network's provenance records: verifying or exporting with the file's own spec then sees the inputs the network saw.
    /// </summary>
    private static Dataset Normalized(Dataset data)
    {
        Dataset unit = Scaling.UnitRows(data);
        string spec = data.Provenance.Spec;
        if (!DatasetLoader.SourceNames.Contains(DataSpec.Parse(spec).Source) || DataSpec.Parse(spec).Contains("scale")) return unit;
        string withScale = spec + (spec.Contains(':', StringComparison.Ordinal) ? "," : ":") + "scale=unit-rows";
        return unit.WithProvenance(unit.Provenance with { Spec = withScale });
    }

    /// <summary>
    /// The predicted cosines of the closest pair's codes after enrichment I and II, and the smallest delta for which the
    /// second stays below 1/2; throws when delta is below it, saying which p1 (and width) would do.
    /// </summary>
    private static (double[] Predicted, double Required) Predict(double delta, double p1, double p2, int[] arch)
    {
        double AfterBoth(double separation, double sparsity1) =>
            GaussianTail.ThresholdCorrelation(GaussianTail.ThresholdCorrelation(1 - separation * separation / 2, sparsity1), p2);
        double first = GaussianTail.ThresholdCorrelation(1 - delta * delta / 2, p1);
        double second = GaussianTail.ThresholdCorrelation(first, p2);
        double low = 0, high = 2;
        for (int i = 0; i < 50; i++)
        {
            double mid = (low + high) / 2;
            if (AfterBoth(mid, p1) < 0.5) high = mid; else low = mid;
        }
        if (second < 0.5) return ([first, second], high);

        double smallP = 1e-6, largeP = p1;
        bool possible = AfterBoth(delta, smallP) < 0.5;
        for (int i = 0; possible && i < 50; i++)
        {
            double mid = Math.Sqrt(smallP * largeP);
            if (AfterBoth(delta, mid) < 0.5) smallP = mid; else largeP = mid;
        }
        string fix = possible
            ? string.Create(CultureInfo.InvariantCulture,
                $"Use sparsity p1 <= {smallP:G3} (--p1) with m1 >= {Math.Ceiling(VershyninOptions.ActiveUnits / smallP):F0} units (about {VershyninOptions.ActiveUnits} active), or data separated by at least {high:G3}.")
            : string.Create(CultureInfo.InvariantCulture, $"No sparsity helps at this separation; use data separated by at least {high:G3}.");
        throw MemLabException.HypothesisViolated(string.Create(CultureInfo.InvariantCulture,
            $"The data is not separated enough for the chosen widths and sparsities: the closest points of different classes are {delta:G4} apart, and after the two enrichment stages (p1 = {p1:G3} for m1 = {arch[1]}, p2 = {p2:G3} for m2 = {arch[2]}) their codes keep a predicted cosine of {second:G3} >= 1/2, so no mirror perceptron can tell them apart. {fix}"));
    }

    /// <summary>All points when N &lt;= <see cref="OrthogonalitySample"/>, else a seeded sample of that many, ascending.</summary>
    private static int[] OrthogonalityPoints(int count, Seed seed)
    {
        if (count <= OrthogonalitySample) return Enumerable.Range(0, count).ToArray();
        int[] sample = seed.CreateRng().SampleWithoutReplacement(count, OrthogonalitySample);
        Array.Sort(sample);
        return sample;
    }

    /// <summary>Max and mean |cosine| of the centred codes over the pairs of distinct sampled points (one Gram matrix).</summary>
    private CodeOrthogonality Orthogonality(string stage, int layer, Code code, int[] sample)
    {
        int s = sample.Length, r = code.Width;
        var rows = new double[(long)s * r];
        for (int a = 0; a < s; a++)
            for (int u = 0; u < r; u++)
                rows[(long)a * r + u] = code.Values[(long)sample[a] * code.Stride + code.Offset + u] - code.Mean;
        var gram = new double[(long)s * s];
        Blas.Dgemm(Transpose.No, Transpose.Yes, s, s, r, 1.0, rows, r, rows, r, 0.0, gram, s);
        double max = 0, sum = 0;
        long pairs = 0;
        for (int a = 0; a < s; a++)
            for (int b = a + 1; b < s; b++)
            {
                double norms = gram[(long)a * s + a] * gram[(long)b * s + b];
                double cosine = norms > 0 ? Math.Abs(gram[(long)a * s + b]) / Math.Sqrt(norms) : 1;
                max = Math.Max(max, cosine);
                sum += cosine;
                pairs++;
            }
        return new CodeOrthogonality(stage, layer, r, max, pairs == 0 ? 0 : sum / pairs, s);
    }

    /// <summary>Enrichment I: G1 (m1 x d, N(0, 1) entries, row by row) and bias -Q^-1(p1).</summary>
    private static DenseLayer FirstLayer(Seed seed, int d, int width, double p, Activation activation)
    {
        var weights = new double[(long)width * d];
        seed.CreateRng().FillGaussian(weights);
        var bias = new double[width];
        Array.Fill(bias, -GaussianTail.UpperQuantile(p));
        return new DenseLayer(d, width, weights, bias, activation);
    }

    /// <summary>
    /// act(G z - Q^-1(p)) on the centred, scaled code z = (code - mean) / sqrt(r var), folded: weights G / sqrt(r var) on
    /// the code's columns of the <paramref name="inWidth"/>-wide input, bias -Q^-1(p) - mean sum(G) / sqrt(r var).
    /// </summary>
    private static DenseLayer EnrichmentLayer(Seed seed, Code code, int inWidth, int width, double p, Activation activation)
    {
        Rng rng = seed.CreateRng();
        double scale = Math.Sqrt(code.Width * code.Variance), b = GaussianTail.UpperQuantile(p);
        var weights = new double[(long)width * inWidth];
        var bias = new double[width];
        var g = new double[code.Width];
        for (int row = 0; row < width; row++)
        {
            rng.FillGaussian(g);
            double sum = 0;
            for (int u = 0; u < code.Width; u++)
            {
                weights[(long)row * inWidth + code.Offset + u] = g[u] / scale;
                sum += g[u];
            }
            bias[row] = -b - code.Mean * sum / scale;
        }
        return new DenseLayer(inWidth, width, weights, bias, activation);
    }

    /// <summary>act(inputs W^T + b) for every point, N x OutputCount, in float64.</summary>
    private double[] Outputs(double[] inputs, int count, DenseLayer layer)
    {
        int m = layer.OutputCount, k = layer.InputCount;
        var outputs = new double[(long)count * m];
        for (int i = 0; i < count; i++) layer.Bias.CopyTo(outputs.AsSpan(i * m, m));
        Blas.Dgemm(Transpose.No, Transpose.Yes, count, m, k, 1.0, inputs, k, layer.Weights, k, 1.0, outputs, m);
        ForwardPass.Activate(layer.Activation, outputs);
        return outputs;
    }

    /// <summary>The points of the memorized class, by the norm of their centred code (ties by index), so batches hold similar norms.</summary>
    private static int[] Positives(ReadOnlySpan<int> labels, int positiveClass, Code code)
    {
        var positives = new List<(double Norm, int Index)>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != positiveClass) continue;
            double sum = 0;
            for (int u = 0; u < code.Width; u++)
            {
                double c = code.Values[(long)i * code.Stride + code.Offset + u] - code.Mean;
                sum += c * c;
            }
            positives.Add((sum, i));
        }
        return positives.OrderBy(p => p.Norm).ThenBy(p => p.Index).Select(p => p.Index).ToArray();
    }

    /// <summary>
    /// Shares the sorted positives among the layers in proportion to the weights into their pairs (consecutive runs,
    /// largest remainders), at most pairs x batch size per layer when a batch size is given.
    /// </summary>
    private static int[][] Assign(int[] positives, List<PlanLayer> plan, int? batchSize, int count, int totalPairs)
    {
        long[] weights = plan.Select(l => 2L * l.Pairs * l.CodeIn).ToArray();
        long[] caps = plan.Select(l => batchSize is { } b ? (long)l.Pairs * b : long.MaxValue).ToArray();
        if (batchSize is { } size && caps.Sum() < positives.Length)
            throw MemLabException.InvalidOptions(
                $"Batch size {size}: the architecture's {totalPairs} mirror-perceptron pairs hold at most {caps.Sum()} points, but the class to memorize has {positives.Length} of the {count}. " +
                $"Use a batch size of at least {(positives.Length + totalPairs - 1) / totalPairs}, leave it unset, or widen the deep layers.");
        long[] shares = ProportionalSplit(positives.Length, weights, caps);
        var assigned = new int[plan.Count][];
        int start = 0;
        for (int l = 0; l < plan.Count; l++)
        {
            assigned[l] = positives[start..(start + (int)shares[l])];
            start += (int)shares[l];
        }
        return assigned;
    }

    /// <summary>
    /// <paramref name="total"/> split in proportion to <paramref name="weights"/>, none above its cap: capped parts are
    /// fixed and the rest re-split; the last split rounds down and gives the remainder to the largest fractions (ties:
    /// the earlier part). The caps must sum to at least <paramref name="total"/>.
    /// </summary>
    internal static long[] ProportionalSplit(long total, long[] weights, long[] caps)
    {
        var shares = new long[weights.Length];
        var open = weights.Select(w => w > 0).ToArray();
        long remaining = total;
        while (remaining > 0)
        {
            double sum = 0;
            for (int i = 0; i < weights.Length; i++) if (open[i]) sum += weights[i];
            bool capped = false;
            for (int i = 0; i < weights.Length; i++)
                if (open[i] && remaining * (weights[i] / sum) > caps[i])
                {
                    shares[i] = caps[i];
                    open[i] = false;
                    capped = true;
                }
            if (capped)
            {
                remaining = total - shares.Sum();
                continue;
            }
            var fractions = new List<(double Fraction, int Index)>();
            long given = 0;
            for (int i = 0; i < weights.Length; i++)
            {
                if (!open[i]) continue;
                double quota = remaining * (weights[i] / sum);
                shares[i] = (long)Math.Floor(quota);
                given += shares[i];
                fractions.Add((quota - shares[i], i));
            }
            foreach (var (_, index) in fractions.OrderByDescending(f => f.Fraction).ThenBy(f => f.Index).Take((int)(remaining - given)))
                shares[index]++;
            remaining = 0;
        }
        return shares;
    }

    /// <summary>v = sum over the batch of eps_k c_k with Rademacher signs eps drawn in batch order, into <paramref name="v"/>.</summary>
    private static void SignedSum(double[] centred, int width, int[] batch, Seed seed, Span<double> v)
    {
        Rng rng = seed.CreateRng();
        foreach (int i in batch)
        {
            int sign = rng.NextRademacher();
            for (int u = 0; u < width; u++) v[u] += sign * centred[(long)i * width + u];
        }
    }

    /// <summary>
    /// |v.c| for every point (column <paramref name="column"/> of the N x <paramref name="columns"/> scores); theta is the midpoint between the largest over the other class and the smallest over the
    /// batch. When they overlap, the batch points at or below the largest unwanted value are listed as unseparated
    /// and theta sits between that value and the smallest batch value above it.
    /// </summary>
    private static BatchThreshold Calibrate(double[] allScores, int columns, int column, int[] batch, ReadOnlySpan<int> labels, int positiveClass,
        int layer, int batchIndex)
    {
        int count = labels.Length;
        var scores = new double[count];
        for (int i = 0; i < count; i++) scores[i] = allScores[(long)i * columns + column];
        double unwanted = 0;
        for (int i = 0; i < count; i++)
            if (labels[i] != positiveClass) unwanted = Math.Max(unwanted, Math.Abs(scores[i]));
        double wanted = batch.Min(i => Math.Abs(scores[i]));
        double threshold;
        int[] unseparated = [];
        if (wanted > unwanted) threshold = (wanted + unwanted) / 2;
        else
        {
            unseparated = batch.Where(i => Math.Abs(scores[i]) <= unwanted).ToArray();
            double above = batch.Select(i => Math.Abs(scores[i])).Where(s => s > unwanted).DefaultIfEmpty(unwanted + 1).Min();
            threshold = (unwanted + above) / 2;
        }
        double margin = wanted + unwanted > 0 ? (wanted - unwanted) / (wanted + unwanted) : 0;
        return new BatchThreshold(layer, batchIndex, batch.Length, wanted, unwanted, threshold, margin, 1, unseparated);
    }

    /// <summary>Half the smallest positive value of the code (a threshold unit with that bias copies "value &gt; 0").</summary>
    private static double SmallestPositive(Code code, int count)
    {
        double smallest = double.PositiveInfinity;
        for (int i = 0; i < count; i++)
            for (int u = 0; u < code.Width; u++)
            {
                double value = code.Values[(long)i * code.Stride + code.Offset + u];
                if (value > 0) smallest = Math.Min(smallest, value);
            }
        return double.IsPositiveInfinity(smallest) ? 1 : smallest;
    }

    /// <summary>
    /// The OR of the last hidden layer's accumulator and pairs: s = their sum, and the output H(s - t) when the memorized
    /// class is 1, H(t - s) when it is 0, with t = 1/2 for threshold units and half the smallest positive s on a
    /// memorized point for ReLU units.
    /// </summary>
    private static DenseLayer OutputLayer(double[] last, int count, int width, int accumulator, int pairStart, int pairUnits,
        Activation deep, ReadOnlySpan<int> labels, int positiveClass)
    {
        var summed = new bool[width];
        if (accumulator >= 0) summed[accumulator] = true;
        for (int u = pairStart; u < pairStart + pairUnits; u++) summed[u] = true;
        double t = 0.5;
        if (deep == Activation.Relu)
        {
            double smallest = double.PositiveInfinity;
            for (int i = 0; i < count; i++)
            {
                if (labels[i] != positiveClass) continue;
                double s = 0;
                for (int u = 0; u < width; u++) if (summed[u]) s += last[(long)i * width + u];
                if (s > 0) smallest = Math.Min(smallest, s);
            }
            if (double.IsFinite(smallest)) t = smallest / 2;
        }
        double sign = positiveClass == 1 ? 1 : -1;
        var weights = new double[width];
        for (int u = 0; u < width; u++) weights[u] = summed[u] ? sign : 0;
        return new DenseLayer(width, 1, weights, [-sign * t], Activation.Threshold);
    }

    private static readonly ClassRequirement Needs = new("The Vershynin construction", MaxClasses: 2, RealTargetsHint: "Use labelled data with two classes.",
        ClassCountHint: "It is binary (its output is the OR of mirror perceptrons that fire on one class): build one network per class against the rest " +
            "(one-vs-rest: relabel class k as 1 and every other class as 0) and predict with the network that fires; 'memlab build finke' does one-vs-rest for K classes in one network.",
        EmptyClassHint: "Use data with two non-empty classes.");
}

namespace MemLab.Constructions;

/// <summary>The numbers specific to <see cref="VershyninConstruction"/> in its <see cref="ConstructionReport"/>.</summary>
public sealed record VershyninDetails : ConstructionDetails, ISweepMeasured
{
    /// <inheritdoc/>
    public static SweepMetrics Sweep { get; } = new(
        "Vershynin enrichment + perception construction: memorized (0/1), parameters, deep connections W, W / N, failures, margins, code orthogonality.",
        ["memorized", "parameters", "deep_connections", "connections_per_point", "failures", "min_margin", "min_batch_margin", "max_cosine", "separation"]);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double?> SweepValues() => new Dictionary<string, double?>
    {
        ["deep_connections"] = DeepConnections,
        ["connections_per_point"] = ConnectionsPerPoint,
        ["min_batch_margin"] = MinBatchMargin,
        ["max_cosine"] = MaxCosineAfterEnrichment,
        ["separation"] = Separation,
    };

    /// <summary>The activation scheme used.</summary>
    public required VershyninActivation Activation { get; init; }

    /// <summary>
    /// True when the inputs were not unit vectors and were normalized (each point divided by its norm, as the data spec
    /// key <c>scale=unit-rows</c> does); the network expects unit-norm inputs, so verify it on data with that key.
    /// False when every norm was already within 1e-6 of 1 and the data was used as given.
    /// </summary>
    public required bool InputsNormalized { get; init; }

    /// <summary>max_i | |x_i| - 1 | of the data as given.</summary>
    public required double LargestNormDeviation { get; init; }

    /// <summary>delta: the smallest distance between two unit inputs of different classes.</summary>
    public required double Separation { get; init; }

    /// <summary>
    /// The predicted requirement on delta for the sparsities used: the smallest delta whose closest pair keeps a predicted
    /// code cosine below 1/2 after both enrichment stages (<see cref="PredictedCosineAfterEnrichment"/>), above which a
    /// mirror perceptron can tell the pair apart.
    /// </summary>
    public required double RequiredSeparation { get; init; }

    /// <summary>
    /// The predicted cosine of the closest pair's codes after enrichment I and after enrichment II (the threshold
    /// correlation map applied to 1 - delta^2/2 twice; an approximation for ReLU stages).
    /// </summary>
    public required IReadOnlyList<double> PredictedCosineAfterEnrichment { get; init; }

    /// <summary>p1, the enrichment-I sparsity used.</summary>
    public required double Sparsity1 { get; init; }

    /// <summary>p2, the enrichment-II sparsity used.</summary>
    public required double Sparsity2 { get; init; }

    /// <summary>The class whose points the mirror perceptrons memorize (the smaller; class 1 on a tie).</summary>
    public required int PositiveClass { get; init; }

    /// <summary>The number of points of <see cref="PositiveClass"/>.</summary>
    public required int PositiveCount { get; init; }

    /// <summary>W, the deep connections (see <see cref="VershyninOptions.DeepConnections"/>).</summary>
    public required long DeepConnections { get; init; }

    /// <summary>W / N.</summary>
    public required double ConnectionsPerPoint { get; init; }

    /// <summary>The hidden layers from the third on: code carried, pairs, points and batches.</summary>
    public required IReadOnlyList<StackedLayer> Layers { get; init; }

    /// <summary>Code orthogonality after each stage: the input, enrichment I, enrichment II and any re-enrichment.</summary>
    public required IReadOnlyList<CodeOrthogonality> Orthogonality { get; init; }

    /// <summary>One calibrated threshold per pair that received a batch.</summary>
    public required IReadOnlyList<BatchThreshold> Thresholds { get; init; }

    /// <summary>The smallest <see cref="BatchThreshold.Margin"/>; negative when some batch does not separate.</summary>
    public double? MinBatchMargin => Thresholds.Count == 0 ? null : Thresholds.Min(t => t.Margin);

    /// <summary>The largest |cosine| between two points' codes after enrichment II, the orthogonality perception relies on.</summary>
    public double MaxCosineAfterEnrichment => Orthogonality.Single(o => o.Stage == "enrichment II").MaxCosine;

    /// <summary>
    /// Points of the memorized class whose own pair could not separate them from the other class (|v.c| at most the
    /// largest unwanted value), ascending. Every point the verification finds failing is among them; one of them is
    /// still memorized when another batch's pair happens to fire on it.
    /// </summary>
    public required IReadOnlyList<int> UnseparatedIndices { get; init; }
}

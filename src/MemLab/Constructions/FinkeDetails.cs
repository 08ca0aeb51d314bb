namespace MemLab.Constructions;

/// <summary>The numbers specific to <see cref="FinkeConstruction"/> in its <see cref="ConstructionReport"/>.</summary>
public sealed record FinkeDetails : ConstructionDetails, ISweepMeasured
{
    /// <inheritdoc/>
    public static SweepMetrics Sweep { get; } = new(
        "Dirksen-Finke-Genzel construction: memorized (0/1), pruned width, parameters, failures, uncoverable points, smallest margin.",
        ["memorized", "pruned_width", "parameters", "failures", "uncoverable", "min_margin"])
    {
        KnownWhenNotMemorizable = new Dictionary<string, double?> { ["pruned_width"] = 0 }, // no second-layer neuron could be placed
    };

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double?> SweepValues() =>
        new Dictionary<string, double?> { ["pruned_width"] = PrunedWidth, ["uncoverable"] = UncoverableIndices.Count };

    /// <summary>The cover that chose the second-layer neurons.</summary>
    public required Cover Cover { get; init; }

    /// <summary>
    /// Second-layer neurons per class (their total is the pruned width). With two classes only class 0 (X-) gets
    /// neurons, so the entry for class 1 is 0; with K &gt; 2 classes each class gets its own one-vs-rest neurons.
    /// </summary>
    public required IReadOnlyList<int> PrunedWidthPerClass { get; init; }

    /// <summary>The pruned width: the total number of second-layer neurons.</summary>
    public int PrunedWidth => PrunedWidthPerClass.Sum();

    /// <summary>
    /// Indices of the points no chosen neuron covers: each has m = 0 (some point of another class is on wherever it
    /// is off), so its own neuron cannot exist and the network does not memorize it. Ascending.
    /// </summary>
    public required IReadOnlyList<int> UncoverableIndices { get; init; }

    /// <summary>The number of candidates whose m (minimum inner product over the other classes) was computed exactly.</summary>
    public required long CandidatesScored { get; init; }

    /// <summary>The largest input norm; the first-layer weights are divided by it, so the network takes the data as given.</summary>
    public required double InputScale { get; init; }
}

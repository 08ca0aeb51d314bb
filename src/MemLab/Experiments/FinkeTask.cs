using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "finke" task: builds the Dirksen–Finke–Genzel network (<see cref="FinkeConstruction"/>) for the run's data
/// and seed, verifies it on every point, and records whether it memorizes and how wide the pruned layer is. A
/// sweep's mean of <c>memorized</c> is the interpolation probability of the paper's figures. Parameters not set by
/// the grid take the <see cref="FinkeOptions"/> defaults.
/// </summary>
public sealed class FinkeTask : ConstructionTask<FinkeOptions, FinkeDetails>
{
    /// <inheritdoc/>
    public override string Description => "Dirksen-Finke-Genzel construction: memorized (0/1), pruned width, parameters, failures, uncoverable points, smallest margin.";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Metrics => ["memorized", "pruned_width", "parameters", "failures", "uncoverable", "min_margin"];

    /// <summary>A build that could place no second-layer neuron has a pruned width of 0.</summary>
    protected override IReadOnlyDictionary<string, double?> KnownWhenNotMemorizable { get; } = new Dictionary<string, double?> { ["pruned_width"] = 0 };

    /// <inheritdoc/>
    protected override Dictionary<string, double?> Measure(ConstructionReport report, FinkeDetails details) => new()
    {
        ["pruned_width"] = details.PrunedWidth,
        ["uncoverable"] = details.UncoverableIndices.Count,
    };
}

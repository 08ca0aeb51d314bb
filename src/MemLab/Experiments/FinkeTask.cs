using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "finke" task: builds the Dirksen–Finke–Genzel network (<see cref="FinkeConstruction"/>) for the run's data
/// and seed, verifies it on every point, and records whether it memorizes and how wide the pruned layer is. A
/// sweep's mean of <c>memorized</c> is the interpolation probability of the paper's figures. Parameters not set by
/// the grid take the <see cref="FinkeOptions"/> defaults.
/// </summary>
public sealed class FinkeTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => FinkeConstruction.ConstructionId;

    /// <inheritdoc/>
    public string Description => "Dirksen-Finke-Genzel construction: memorized (0/1), pruned width, parameters, failures, uncoverable points, smallest margin.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => OptionsBinder.SweepNames(typeof(FinkeOptions));

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => ["memorized", "pruned_width", "parameters", "failures", "uncoverable", "min_margin"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = OptionsBinder.Bind(new FinkeOptions(), input.Parameters, Id);
        return MethodFailure.Record(Metrics, () => Measure(input, options), NoNeuron);
    }

    /// <summary>What a build that could place no second-layer neuron fixes: its pruned width is 0.</summary>
    private static readonly Dictionary<string, double?> NoNeuron = new() { ["pruned_width"] = 0 };

    private static Dictionary<string, double?> Measure(SweepTaskInput input, FinkeOptions options)
    {
        var report = ConstructionRegistry.Build(input.Blas, input.Data, options, input.Seed).Report;
        var details = report.DetailsOf<FinkeDetails>();
        return new Dictionary<string, double?>
        {
            ["memorized"] = report.Memorized ? 1 : 0,
            ["pruned_width"] = details.PrunedWidth,
            ["parameters"] = report.ParameterCount,
            ["failures"] = report.Verification.FailureCount,
            ["uncoverable"] = details.UncoverableIndices.Count,
            ["min_margin"] = report.Verification.MinThresholdMargin?.Value,
        };
    }
}

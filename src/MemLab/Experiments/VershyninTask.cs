using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "vershynin" task: builds Vershynin's enrichment and perception network (<see cref="VershyninConstruction"/>) for
/// the run's data and seed, verifies it on every point, and records whether it memorizes with its size. The grid must
/// set <c>arch</c> (d,m1,...,1); the other parameters take the <see cref="VershyninOptions"/> defaults. A sweep over
/// <c>n</c> and <c>arch</c> gives the capacity estimate of <see cref="Reporting.Capacity"/>.
/// </summary>
public sealed class VershyninTask : ConstructionTask<VershyninOptions, VershyninDetails>
{
    /// <inheritdoc/>
    public override string Description => "Vershynin enrichment + perception construction: memorized (0/1), parameters, deep connections W, W / N, failures, margins, code orthogonality.";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Metrics =>
        ["memorized", "parameters", "deep_connections", "connections_per_point", "failures", "min_margin", "min_batch_margin", "max_cosine", "separation"];

    /// <summary>The Vershynin options a run's parameters give: <c>arch</c> is required, the others default.</summary>
    /// <exception cref="MemLabException">The grid sets no <c>arch</c>, or a value does not parse.</exception>
    public static VershyninOptions Options(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.ContainsKey("arch"))
            throw MemLabException.InvalidSpec("vershynin: the grid must set \"arch\" (layer sizes d,m1,m2,...,1 such as \"32,1000,1000,400,1\").");
        return OptionsBinder.Bind(new VershyninOptions { Architecture = [] }, parameters, VershyninConstruction.ConstructionId);
    }

    /// <inheritdoc/>
    protected override VershyninOptions Options(SweepTaskInput input) => Options(input.Parameters);

    /// <inheritdoc/>
    protected override Dictionary<string, double?> Measure(ConstructionReport report, VershyninDetails details) => new()
    {
        ["deep_connections"] = details.DeepConnections,
        ["connections_per_point"] = details.ConnectionsPerPoint,
        ["min_batch_margin"] = details.MinBatchMargin,
        ["max_cosine"] = details.MaxCosineAfterEnrichment,
        ["separation"] = details.Separation,
    };
}

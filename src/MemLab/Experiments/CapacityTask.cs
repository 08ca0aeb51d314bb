using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "capacity" task: the networks a memory-capacity sweep compares, on the same data. The grid parameter <c>arch</c>
/// is either a Vershynin architecture (d,m1,...,1: a fixed network built by <see cref="VershyninConstruction"/>, whose
/// capacity is the largest N it memorizes) or the name of a classic construction, <c>baum</c> or <c>bubeck</c>, whose
/// one hidden layer grows with N (<see cref="BaumConstruction"/>, <see cref="BubeckConstruction"/>, with their
/// defaults). Cells that differ only in <c>arch</c> get the same points, so the report can set the weights a fixed
/// architecture needs per memorized point beside those the classic constructions use on that data. Vershynin's deep
/// connections W (connections past the enrichment layers, Vershynin 2020) are recorded for his networks only: a
/// one-hidden-layer network has none, so the common measure is <c>weights</c>, every connection of the network.
/// </summary>
public sealed class CapacityTask : ISweepTask
{
    /// <summary>The <c>arch</c> values that name a classic construction instead of an architecture.</summary>
    public static IReadOnlyList<string> ClassicConstructions { get; } = [BaumConstruction.ConstructionId, BubeckConstruction.ConstructionId];

    /// <inheritdoc/>
    public string Id => "capacity";

    /// <inheritdoc/>
    public string Description =>
        "A Vershynin architecture (arch = d,m1,...,1) or a classic construction sized by N (arch = baum or bubeck) on the same data: memorized (0/1), parameters, weights (all connections), Vershynin's deep connections W and W / N (empty for baum and bubeck, which have one hidden layer), failures, and for Vershynin the smallest batch margin and largest code cosine.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => OptionsBinder.SweepNames(typeof(VershyninOptions));

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => ["memorized", "parameters", "weights", "deep_connections", "connections_per_point", "failures", "min_batch_margin", "max_cosine"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string arch = input.Parameters.TryGetValue("arch", out string? text) ? text.Trim() : "";
        ConstructionOptions options;
        if (ClassicConstructions.Contains(arch))
        {
            string[] others = input.Parameters.Keys.Where(k => k != "arch").ToArray();
            if (others.Length > 0)
                throw MemLabException.InvalidSpec(
                    $"capacity: {string.Join(", ", others)} set Vershynin options, which do not apply to arch={arch}; give them only with architectures d,m1,...,1.");
            options = arch == BaumConstruction.ConstructionId ? new BaumOptions() : new BubeckOptions();
        }
        else
        {
            options = ConstructionTask.Options<VershyninOptions>(input.Parameters);
        }
        return MethodFailure.Record(Metrics, () => Measure(ConstructionRegistry.Build(input.Blas, input.Data, options, input.Seed).Report,
            input.Data.FeatureCount, input.Data.SampleCount));
    }

    private static Dictionary<string, double?> Measure(ConstructionReport report, int features, int samples)
    {
        long weights = 0;
        int inputs = features;
        foreach (int width in report.Widths)
        {
            weights += (long)inputs * width;
            inputs = width;
        }
        var vershynin = report.Details as VershyninDetails;
        long? deep = vershynin?.DeepConnections;
        return new Dictionary<string, double?>
        {
            ["memorized"] = report.Memorized ? 1 : 0,
            ["parameters"] = report.ParameterCount,
            ["weights"] = weights,
            ["deep_connections"] = deep,
            ["connections_per_point"] = deep / (double)samples,
            ["failures"] = report.Verification.FailureCount,
            ["min_batch_margin"] = vershynin?.MinBatchMargin,
            ["max_cosine"] = vershynin?.MaxCosineAfterEnrichment,
        };
    }
}

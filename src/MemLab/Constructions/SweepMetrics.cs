namespace MemLab.Constructions;

/// <summary>
/// What a sweep records of a construction's builds: the sweep task's one-line description, the names of its metrics
/// in the order results list them, and the values a build failing for a reason of the method fixes. A name is either
/// one every construction report gives (memorized, parameters, hidden_units, width, max_abs_weight, max_error,
/// min_margin, failures), one of the construction's own (its details' <see cref="ConstructionDetails.SweepValues"/>,
/// which win over the report's), or <see cref="TestAccuracy"/>, which makes the task test the network on held-out data.
/// Each details record states its own (<see cref="ISweepMeasured"/>), so a new construction brings its sweep task with it.
/// </summary>
/// <param name="Description">What the task does and records, as <c>memlab sweep tasks</c> lists it.</param>
/// <param name="Names">The metric names, in order.</param>
public sealed record SweepMetrics(string Description, IReadOnlyList<string> Names)
{
    /// <summary>
    /// The metric whose presence makes the sweep task measure the network's accuracy on the data's held-out counterpart
    /// and offer the class pair parameters first and second.
    /// </summary>
    public const string TestAccuracy = "test_accuracy";

    /// <summary>Metrics that a build failing for a reason of the method fixes (besides memorized = 0); empty for none.</summary>
    public IReadOnlyDictionary<string, double?> KnownWhenNotMemorizable { get; init; } = new Dictionary<string, double?>();
}

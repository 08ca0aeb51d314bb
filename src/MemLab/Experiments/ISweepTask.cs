namespace MemLab.Experiments;

/// <summary>
/// What a sweep runs once per grid cell and repetition: a construction, a trainer or a measurement. A task declares
/// its own parameters (grid parameters that are not data spec keys) and the metrics it returns; it must be pure in
/// its input, so a run replays from its seed. Tasks are listed in <see cref="SweepTasks"/>.
/// </summary>
public interface ISweepTask
{
    /// <summary>Stable kebab-case id used in sweep specs and results databases, e.g. "geometry". Never derived from the class name.</summary>
    string Id { get; }

    /// <summary>One line saying what a run computes.</summary>
    string Description { get; }

    /// <summary>The task's own parameter names, which a grid may set besides the data source's keys.</summary>
    IReadOnlyList<string> Parameters { get; }

    /// <summary>The metric names every successful run returns, in snake_case.</summary>
    IReadOnlyList<string> Metrics { get; }

    /// <summary>Runs once on <paramref name="input"/> and returns a value for each of <see cref="Metrics"/> (null where the metric does not exist for this data).</summary>
    /// <exception cref="MemLabException">The input does not suit the task; the run is recorded as failed with the message.</exception>
    IReadOnlyDictionary<string, double?> Run(SweepTaskInput input);
}

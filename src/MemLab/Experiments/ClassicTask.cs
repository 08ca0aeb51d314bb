using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "classic" task: runs one of the classic worst-case constructions, named by the grid parameter
/// <c>construction</c> (baum, bubeck, zhang or yun), through its own task with that task's defaults, and records the
/// numbers the constructions share, so one sweep compares all four (series = construction). Zhang's network has N
/// hidden units, so verifying it costs O(N^2) (a 50,000-point build took 85 s): cells with more than
/// <see cref="ZhangMaxPoints"/> points are left empty for zhang (every metric null), the way mirrored pair cells are.
/// </summary>
public sealed class ClassicTask : ISweepTask
{
    /// <summary>The largest N the task builds zhang for; larger cells are empty.</summary>
    public const int ZhangMaxPoints = 30_000;

    /// <summary>The construction values: ids of the tasks the runs go through.</summary>
    public static IReadOnlyList<string> Constructions { get; } =
    [
        BaumConstruction.ConstructionId, BubeckConstruction.ConstructionId, ZhangConstruction.ConstructionId, YunConstruction.ConstructionId,
    ];

    /// <inheritdoc/>
    public string Id => "classic";

    /// <inheritdoc/>
    public string Description =>
        "One classic construction (baum, bubeck, zhang or yun; zhang only up to N = 30,000): memorized (0/1), parameters, parameters per point, hidden units, max |weight|, failures.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => [OptionsBinder.SweepName<TaskChoice>(nameof(TaskChoice.Construction))];

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => ["memorized", "parameters", "parameters_per_point", "hidden_units", "max_abs_weight", "failures"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string construction = OptionsBinder.Bind(new TaskChoice(), input.Parameters, Id).Required(Id, nameof(TaskChoice.Construction));
        int n = input.Data.SampleCount;
        if (construction == ZhangConstruction.ConstructionId && n > ZhangMaxPoints)
            return Metrics.ToDictionary(metric => metric, _ => (double?)null);
        var metrics = SweepTasks.Find(construction).Run(input with { Parameters = new Dictionary<string, string>() });
        return MethodFailure.Relay(new Dictionary<string, double?>
        {
            ["memorized"] = metrics["memorized"],
            ["parameters"] = metrics["parameters"],
            ["parameters_per_point"] = metrics["parameters"] / n,
            ["hidden_units"] = metrics["hidden_units"],
            ["max_abs_weight"] = metrics["max_abs_weight"],
            ["failures"] = metrics["failures"],
        }, metrics);
    }
}

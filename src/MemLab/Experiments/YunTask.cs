using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "yun" task: builds the two-hidden-layer network of Yun, Sra and Jadbabaie's family (<see cref="YunConstruction"/>)
/// for the run's data and seed, verifies it on every point, and records its size, weights, precision and how its widths
/// compare with the theorem. Parameters not set by the grid take the <see cref="YunOptions"/> defaults.
/// </summary>
public sealed class YunTask : ConstructionTask<YunOptions, YunDetails>
{
    /// <inheritdoc/>
    public override string Description =>
        "Yun-Sra-Jadbabaie two hidden ReLU layers of ~sqrt(N): memorized (0/1), parameters, hidden units, max |weight|, max error or class margin, min gap, failures, blocks, theorem capacity.";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Metrics =>
        ["memorized", "parameters", "hidden_units", "max_abs_weight", "max_error", "class_margin", "min_gap", "relative_min_gap", "failures",
         "blocks", "theorem_capacity", "theorem_hidden_units"];

    /// <inheritdoc/>
    protected override Dictionary<string, double?> Measure(ConstructionReport report, YunDetails details)
    {
        var metrics = TaskParameters.ProjectionMetrics(details.HiddenUnits.Sum(), details.MinGap, details.ProjectionRange, details.ClassMargin);
        metrics["blocks"] = details.Blocks;
        metrics["theorem_capacity"] = details.TheoremCapacity;
        metrics["theorem_hidden_units"] = details.TheoremHiddenUnits;
        return metrics;
    }
}

using MemLab.Data;

namespace MemLab.Experiments;

/// <summary>
/// The "geometry" task: the <see cref="GeometryReport"/> of each run's dataset (docs/algorithms.md, section 0), so a
/// sweep shows how delta, the minimum distance and the rank move with the data parameters. It has no parameters of
/// its own: every grid parameter is a key of the data source.
/// </summary>
public sealed class GeometryTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => "geometry";

    /// <inheritdoc/>
    public string Description => "Geometry of the data: size, numerical rank, smallest distances (delta), largest norm, duplicates.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => [];

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics =>
        ["samples", "features", "classes", "rank", "delta", "min_distance", "max_norm", "duplicates", "conflicting_duplicates"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var report = GeometryReport.Describe(input.Data, input.Blas);
        return new Dictionary<string, double?>
        {
            ["samples"] = report.SampleCount,
            ["features"] = report.FeatureCount,
            ["classes"] = report.ClassCount,
            ["rank"] = report.NumericalRank,
            ["delta"] = report.MinDistanceBetweenClasses,
            ["min_distance"] = report.MinDistance,
            ["max_norm"] = report.MaxNorm,
            ["duplicates"] = report.DuplicateCount,
            ["conflicting_duplicates"] = report.ConflictingDuplicateCount,
        };
    }
}

namespace MemLab.Constructions;

/// <summary>The sweep metrics every 1-D projection construction (<see cref="LineProjection"/>: Zhang, Yun) records from its details.</summary>
internal static class ProjectionMetrics
{
    /// <summary>hidden_units, class_margin (null when not finite), min_gap and relative_min_gap (min_gap over the projections' range).</summary>
    public static Dictionary<string, double?> Of(int hiddenUnits, double minGap, double range, double? classMargin) => new()
    {
        ["hidden_units"] = hiddenUnits,
        ["class_margin"] = classMargin is { } margin && double.IsFinite(margin) ? margin : null,
        ["min_gap"] = minGap,
        ["relative_min_gap"] = minGap / range,
    };
}

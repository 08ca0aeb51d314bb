namespace MemLab.Experiments;

/// <summary>What a <see cref="SweepFigure"/> draws.</summary>
public enum FigureKind
{
    /// <summary>A metric against a numeric grid parameter, one line per value of a series parameter, with 95% bands.</summary>
    Line,

    /// <summary>A metric over two grid parameters, optionally outlined where a metric reaches a level.</summary>
    Heatmap,

    /// <summary>A metric's per-cell means against a numeric grid parameter as points, one colour per value of a series parameter (with <c>log</c>, on log-log axes, where power laws are straight lines).</summary>
    Scatter,
}

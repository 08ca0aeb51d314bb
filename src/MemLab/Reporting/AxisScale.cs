namespace MemLab.Reporting;

/// <summary>How <see cref="ResultFigures"/> maps data to the axes.</summary>
public enum AxisScale
{
    /// <summary>Both axes linear.</summary>
    Linear,

    /// <summary>Both axes logarithmic (base 10); every plotted value must be > 0.</summary>
    LogLog,
}

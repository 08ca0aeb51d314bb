namespace MemLab;

/// <summary>What a <see cref="Dataset"/> asks a network to reproduce for each point.</summary>
public enum TargetKind
{
    /// <summary>Integer class labels 0 .. K-1.</summary>
    Classes,
    /// <summary>Real-valued targets (regression / interpolation).</summary>
    Real,
}

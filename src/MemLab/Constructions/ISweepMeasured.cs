namespace MemLab.Constructions;

/// <summary>
/// A details record that states what a sweep records of its construction's builds: <see cref="ConstructionRegistry"/>
/// reads <see cref="Sweep"/> from the details type of each entry, and the details of a build give the values
/// (<see cref="ConstructionDetails.SweepValues"/>).
/// </summary>
public interface ISweepMeasured
{
    /// <summary>The sweep task's description and metric names.</summary>
    static abstract SweepMetrics Sweep { get; }
}

using MemLab.LinearAlgebra;

namespace MemLab.Experiments;

/// <summary>How <see cref="SweepRunner"/> executes a sweep: resources and the part to run. Nothing here changes a run's result.</summary>
/// <param name="Blas">The backend every run computes with. With more than one worker it must use one thread
/// (runs are parallel across workers, never inside BLAS too).</param>
public sealed record SweepRunOptions(IBlas Blas)
{
    /// <summary>The folder holding data files, for data specs that read files; null when none is configured. Default null.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The default of <see cref="Workers"/>: every core.</summary>
    public static int DefaultWorkers => Environment.ProcessorCount;

    /// <summary>Runs executed at once. Default <see cref="DefaultWorkers"/>. Must be >= 1.</summary>
    public int Workers { get; init; } = DefaultWorkers;

    /// <summary>The part of the sweep to run. Default <see cref="Shard.All"/>.</summary>
    public Shard Shard { get; init; } = Shard.All;
}

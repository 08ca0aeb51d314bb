using System.Globalization;

namespace MemLab.Training;

/// <summary>
/// How <see cref="BatchedTraining"/> runs its jobs: the memory budget that splits them into batches, the batches run
/// at once. Results do not depend on the worker count
/// (nor, on the managed backend, on the budget). Immutable; <see cref="Problems"/> states its constraints once (<see cref="CheckedOptions.Validate"/> throws them all).
/// </summary>
public sealed record BatchedTrainingOptions : ICheckedOptions
{
    /// <summary>The default memory budget: 2 GB.</summary>
    public const long DefaultMemoryBytes = 2_000_000_000;

    /// <summary>
    /// The most bytes the batches running at once may hold (activations, gradients, parameters and optimizer state, as
    /// <see cref="BatchedTraining.NetworkBytes"/> counts them, and a fused batch's copies of the points,
    /// <see cref="BatchedTraining.BatchBytes"/>; the dataset itself is not counted). Default 2 GB. Must be &gt; 0.
    /// </summary>
    public long MemoryBytes { get; init; } = DefaultMemoryBytes;

    /// <summary>
    /// Threads: batches trained at once, each on the one-threaded backend it is given; with more workers than batches, each
    /// batch shares every step between two threads (the same bits as one thread). Default 1. Must be >= 1.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (MemoryBytes <= 0)
            yield return string.Create(CultureInfo.InvariantCulture, $"The memory budget must be > 0 bytes; got {MemoryBytes}. The default is 2 GB.");
        if (Workers < 1) yield return $"The number of workers must be >= 1; got {Workers}.";
    }
}

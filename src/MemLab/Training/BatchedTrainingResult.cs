namespace MemLab.Training;

/// <summary>What <see cref="BatchedTraining.Train"/> did: one outcome per job, in job order, and how the jobs were batched.</summary>
public sealed record BatchedTrainingResult
{
    /// <summary>One outcome per job, in the order the jobs were given.</summary>
    public required IReadOnlyList<JobOutcome> Outcomes { get; init; }

    /// <summary>The batches, in the order planned.</summary>
    public required IReadOnlyList<TrainingBatch> Batches { get; init; }

    /// <summary>Wall-clock seconds of the training and the float64 verifications.</summary>
    public required double Seconds { get; init; }
}

using MemLab.Networks;

namespace MemLab.Training;

/// <summary>How one <see cref="TrainingJob"/> of a <see cref="BatchedTraining"/> ended.</summary>
public sealed record JobOutcome
{
    /// <summary>The job.</summary>
    public required TrainingJob Job { get; init; }

    /// <summary>Why training stopped.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>Parameter updates done.</summary>
    public required int Steps { get; init; }

    /// <summary>The first step at which every point was memorized in float32; null if none was (or not before the group was decided).</summary>
    public required int? FirstMemorizedStep { get; init; }

    /// <summary>The mean training loss at the last check (float32).</summary>
    public required double FinalLoss { get; init; }

    /// <summary>The fraction of points memorized at the last check (float32).</summary>
    public required double TrainAccuracy { get; init; }

    /// <summary>The trained network (float64 copy); null when training diverged.</summary>
    public required Network? Network { get; init; }

    /// <summary>
    /// The float64 verification on every point of a network that memorized in float32; null for the others (they did
    /// not claim to memorize).
    /// </summary>
    public required VerificationReport? Verification { get; init; }

    /// <summary>Memorized in float32 and confirmed in float64 on every point.</summary>
    public bool Memorized => StopReason != StopReason.Diverged && FirstMemorizedStep is not null && TrainAccuracy == 1 && Verification?.Memorized == true;
}

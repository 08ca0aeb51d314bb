namespace MemLab.Training;

/// <summary>One width tried by a <see cref="WidthSearch"/>: how many of its seeds memorized, how fast, and how its trainings were batched.</summary>
/// <param name="Width">The hidden width.</param>
/// <param name="Seeds">The seeds of the width (the majority is at least half of them).</param>
/// <param name="Successes">Trainings that memorized (in float32, confirmed in float64 on every point).</param>
/// <param name="MedianSteps">The median first step at which the successful trainings memorized; null when none did.</param>
/// <param name="Seconds">Wall-clock seconds for all of this width's trainings.</param>
/// <param name="Trained">Seeds actually trained: all of them, or deciding early only as many as decided the majority
/// (seed indices 0 to Trained - 1).</param>
/// <param name="Unverified">Trainings that memorized in float32 but failed the float64 verification (not counted as successes).</param>
/// <param name="Batches">Batches the trainings ran in (0 when the caller trained them itself).</param>
/// <param name="Bytes">The largest batch's memory, as <see cref="BatchedTraining.NetworkBytes"/> counts it (0 when not batched).</param>
/// <param name="NetworkSteps">Parameter updates summed over the width's trainings (the work done; 0 when the caller trained them itself).</param>
public sealed record WidthTrial(int Width, int Seeds, int Successes, double? MedianSteps, double Seconds, int Trained,
    int Unverified = 0, int Batches = 0, long Bytes = 0, long NetworkSteps = 0)
{
    /// <summary>At least half of the seeds memorized.</summary>
    public bool Succeeded => Successes >= Majority.Needed(Seeds);

    /// <summary>Seeds left untrained because the majority was already decided (deciding early); 0 when every seed trained.</summary>
    public int StoppedEarly => Seeds - Trained;
}

namespace MemLab.Training;

/// <summary>One width tried by a <see cref="WidthSearch"/>: how many of its seeds memorized and how fast.</summary>
/// <param name="Width">The hidden width.</param>
/// <param name="Seeds">Trainings run at this width.</param>
/// <param name="Successes">Trainings that memorized.</param>
/// <param name="MedianSteps">The median first step at which the successful trainings memorized; null when none did.</param>
/// <param name="Seconds">Wall-clock seconds for all of this width's trainings.</param>
public sealed record WidthTrial(int Width, int Seeds, int Successes, double? MedianSteps, double Seconds)
{
    /// <summary>At least half of the seeds memorized.</summary>
    public bool Succeeded => 2 * Successes >= Seeds;
}

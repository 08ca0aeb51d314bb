namespace MemLab.Training;

/// <summary>Why a training run ended.</summary>
public enum StopReason
{
    /// <summary>Every training point was memorized (classified correctly, or within the tolerance of its real target) in float32 at a check.</summary>
    Memorized,
    /// <summary>The step budget ran out first.</summary>
    StepBudget,
    /// <summary>The time limit ran out first.</summary>
    TimeLimit,
    /// <summary>The loss or a parameter became NaN or infinite (the learning rate is usually too large).</summary>
    Diverged,
}

namespace MemLab.Training;

/// <summary>The outcome of one training in a <see cref="WidthSearch"/>: whether it memorized and, if so, at which step.</summary>
/// <param name="Memorized">Every training point classified correctly within the budget.</param>
/// <param name="StepsToMemorize">The first step at which it did; null when it did not.</param>
public readonly record struct WidthRun(bool Memorized, int? StepsToMemorize);

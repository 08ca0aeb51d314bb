namespace MemLab.Training;

/// <summary>
/// One network for <see cref="BatchedTraining"/>: a one-hidden-layer network of <paramref name="Width"/> ReLU units
/// trained from <paramref name="Seed"/> (initial weights drawn exactly as <see cref="Trainer"/> draws them from that seed).
/// </summary>
/// <param name="Width">Hidden units, >= 1.</param>
/// <param name="Seed">The training's seed.</param>
/// <param name="Group">Jobs of one group decide one majority (the seeds of one width); the caller reads it back from the outcomes.</param>
/// <param name="Batch">Jobs of different batch numbers never train in one batch: the jobs are cut into batches where it
/// changes, besides where the memory budget cuts them (so that the caller fixes which jobs share their products, and
/// workers can run the batches at once).</param>
public readonly record struct TrainingJob(int Width, Seed Seed, int Group = 0, int Batch = 0);

namespace MemLab.Experiments;

/// <summary>
/// One unit of work of a sweep: a grid cell and a repetition, with the seed derived from them
/// (<see cref="SweepSpec.Runs"/>), so any run can be re-run alone and gives the same result.
/// </summary>
/// <param name="Cell">The grid cell.</param>
/// <param name="Repetition">The repetition, 0 .. <see cref="SweepSpec.Repetitions"/> - 1.</param>
/// <param name="Seed">The run's seed: the sweep seed derived by the cell key, then by the repetition.</param>
/// <param name="Ordinal">The run's position in the sweep: cell index times repetitions plus repetition.</param>
public sealed record SweepRun(SweepCell Cell, int Repetition, Seed Seed, int Ordinal);

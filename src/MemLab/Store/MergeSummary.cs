namespace MemLab.Store;

/// <summary>What <see cref="SqliteRunStore.Merge"/> did.</summary>
/// <param name="Inputs">How many databases were read.</param>
/// <param name="Added">Runs written to the output that it did not hold.</param>
/// <param name="AlreadyPresent">Runs the output already held with identical results (so merging twice changes nothing).</param>
/// <param name="Total">Runs in the output afterwards.</param>
public sealed record MergeSummary(int Inputs, int Added, int AlreadyPresent, int Total);

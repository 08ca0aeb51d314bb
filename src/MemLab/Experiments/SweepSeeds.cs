namespace MemLab.Experiments;

/// <summary>
/// How a sweep's seeds derive from its one seed (<see cref="SweepSpec.Seed"/>), so that a run's randomness depends on
/// its own cell and repetition and never on the rest of the grid, and results stored under these seeds stay valid
/// when a grid grows.
/// </summary>
internal static class SweepSeeds
{
    /// <summary>The seed of a run: the sweep seed derived by the cell key (<see cref="SweepCell.Key"/>), then by the repetition.</summary>
    public static Seed Run(Seed sweep, SweepCell cell, int repetition) => sweep.Derive(cell.Key).Derive(repetition);

    /// <summary>
    /// The data seed of a run whose data spec sets none: the sweep seed derived by the cell's data keys alone
    /// ("key=value" joined by commas, in grid order), then by the repetition, then by "data". Cells that differ only in
    /// task parameters therefore get the same points in each repetition.
    /// </summary>
    public static Seed Data(Seed sweep, IEnumerable<KeyValuePair<string, string>> dataKeys, int repetition) =>
        sweep.Derive(string.Join(",", dataKeys.Select(p => p.Key + "=" + p.Value))).Derive(repetition).Derive("data");
}

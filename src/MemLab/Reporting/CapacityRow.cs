namespace MemLab.Reporting;

/// <summary>
/// The measured memory capacity of one architecture (<see cref="Capacity.Estimate"/>): the largest sample size N whose
/// runs memorized in at least the required fraction of seeds, next to the architecture's connection count.
/// </summary>
/// <param name="Group">The architecture (the value of the group parameter, e.g. "32,1000,1000,400,1").</param>
/// <param name="Connections">The connection count the capacity is compared with (mean of the connections metric, e.g. deep connections W).</param>
/// <param name="Capacity">The largest N tried with a success fraction at or above the level; null when no N reached it.</param>
/// <param name="ConnectionsPerPoint">Connections / Capacity; null without a capacity.</param>
/// <param name="AtLargestTried">True when the largest N tried still reached the level: the capacity is then only a lower bound.</param>
/// <param name="Monotone">True when every N tried below the capacity reached the level too.</param>
/// <param name="Rates">Each N tried, ascending, with its success fraction (memorized runs / all runs, failed runs counting as not memorized).</param>
public sealed record CapacityRow(string Group, double? Connections, int? Capacity, double? ConnectionsPerPoint, bool AtLargestTried, bool Monotone,
    IReadOnlyList<KeyValuePair<int, double>> Rates);

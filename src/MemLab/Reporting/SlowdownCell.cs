namespace MemLab.Reporting;

/// <summary>One entry of a <see cref="Slowdown"/> table: how long one group took to memorize at one dropout rate, relative to no dropout.</summary>
/// <param name="Group">The other grid parameters that vary, as <c>name=value</c> pairs joined by ", " (for example <c>labels=randomize:1</c>); "all" when none vary.</param>
/// <param name="Dropout">The dropout rate.</param>
/// <param name="MeanSteps">Mean steps to memorize over the runs that memorized; null when none did.</param>
/// <param name="Ratio"><see cref="MeanSteps"/> divided by the group's mean at dropout 0; null when either is missing.</param>
/// <param name="MemorizedRate">The fraction of the cell's successful runs that memorized; null when none succeeded.</param>
public sealed record SlowdownCell(string Group, double Dropout, double? MeanSteps, double? Ratio, double? MemorizedRate);

namespace MemLab.Analysis;

/// <summary>One measured value of a scaling study: the value found at one size on one data seed.</summary>
/// <param name="Size">The size it was measured at (N), positive.</param>
/// <param name="DataSeed">Which data seed (the sweep's repetition) it came from; the bootstrap resamples these within a size.</param>
/// <param name="Value">The measured value (a width), positive.</param>
public readonly record struct SeedObservation(double Size, int DataSeed, double Value);

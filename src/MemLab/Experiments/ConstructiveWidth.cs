namespace MemLab.Experiments;

/// <summary>The hidden width of one construction on a dataset, and whether memlab built it or took the paper's formula.</summary>
/// <param name="Width">Hidden units (for Finke: the pruned second layer); null when <paramref name="Origin"/> is <see cref="WidthOrigin.Unavailable"/>.</param>
/// <param name="Origin">Built, formula or unavailable.</param>
/// <param name="Memorized">For a built network, whether it memorized the data (float64 verification); null otherwise.</param>
/// <param name="Note">Why the construction was not built, or what the formula is; null for a build that memorized.</param>
public sealed record ConstructiveWidth(int? Width, WidthOrigin Origin, bool? Memorized, string? Note);

namespace MemLab.Reporting;

/// <summary>The mean linear CKA between distinct networks of a dissection sweep, by the label kinds of the pair (null where no pair of that kind was recorded).</summary>
/// <param name="WithinTrue">Both networks trained on the true labels.</param>
/// <param name="WithinRandom">Both trained on random labels.</param>
/// <param name="Across">One of each.</param>
/// <param name="Pairs">Distinct-network cells with a CKA value.</param>
public sealed record DissectionSummary(double? WithinTrue, double? WithinRandom, double? Across, int Pairs);

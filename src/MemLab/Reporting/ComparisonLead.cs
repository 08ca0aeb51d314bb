namespace MemLab.Reporting;

/// <summary>How far the reference model's test accuracy is above another model's over the pairs both have.</summary>
/// <param name="Model">The other model.</param>
/// <param name="Pairs">Pairs where both have an accuracy.</param>
/// <param name="PairsAbove">Pairs where the reference model's accuracy is strictly higher.</param>
/// <param name="SmallestLead">The smallest difference (reference minus other; negative when the other is ahead); null without pairs.</param>
/// <param name="SmallestLeadPair">The pair with <paramref name="SmallestLead"/>.</param>
/// <param name="MeanLead">The mean difference; null without pairs.</param>
public sealed record ComparisonLead(string Model, int Pairs, int PairsAbove, double? SmallestLead, string? SmallestLeadPair, double? MeanLead);

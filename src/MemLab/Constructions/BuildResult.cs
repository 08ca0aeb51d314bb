namespace MemLab.Constructions;

/// <summary>What <see cref="IConstruction{TOptions}.Build"/> returns: the network and the report on how it was built and whether it memorizes.</summary>
/// <param name="Network">The constructed network, with provenance.</param>
/// <param name="Report">Sizes, the float64 verification, the source and construction-specific numbers.</param>
public sealed record BuildResult(Network Network, ConstructionReport Report);

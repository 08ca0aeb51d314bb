namespace MemLab.Constructions;

/// <summary>The order in which <see cref="NearestCentreConstruction"/>'s greedy cover scans the training points.</summary>
public enum CentreOrder
{
    /// <summary>Data order: the first point of a class is always a centre. The default; the seed is not used.</summary>
    Data,

    /// <summary>A permutation drawn from the seed (<c>seed.Derive("order")</c>): other centres, the same guarantee.</summary>
    Shuffled,
}

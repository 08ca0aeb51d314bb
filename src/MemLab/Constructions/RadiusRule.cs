namespace MemLab.Constructions;

/// <summary>How <see cref="NearestCentreConstruction"/> sets the cover radius around each point (see <see cref="NearestCentreOptions"/>).</summary>
public enum RadiusRule
{
    /// <summary>
    /// One radius for every point: Fraction x delta, where delta is the smallest distance between two training points of
    /// different classes (the class separation). The default, with Fraction 1/2.
    /// </summary>
    Auto,

    /// <summary>One radius for every point, given by the user (<see cref="NearestCentreOptions.Radius"/>); it must be below delta.</summary>
    Fixed,

    /// <summary>
    /// A radius per point: Fraction x m(x), where m(x) >= delta is the distance from x to the nearest training point of
    /// another class. Never smaller than Auto's radius, so it chooses fewer centres, with the same guarantee.
    /// </summary>
    Adaptive,
}

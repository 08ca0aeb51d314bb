namespace MemLab.Constructions;

/// <summary>The numbers specific to <see cref="BaumConstruction"/> in its <see cref="ConstructionReport"/>.</summary>
public sealed record BaumDetails : ConstructionDetails
{
    /// <summary>The class whose points were grouped into slabs (the smaller class; class 1 on a tie).</summary>
    public required int GroupedClass { get; init; }

    /// <summary>Parameters divided by N.</summary>
    public required double ParametersPerPoint { get; init; }

    /// <summary>Working dimension, projection, groups, eps and its distance from rounding.</summary>
    public required GeneralPositionReport GeneralPosition { get; init; }
}

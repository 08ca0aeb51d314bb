using System.Text.Json.Serialization;

namespace MemLab.Constructions;

/// <summary>
/// Base of the construction-specific part of a <see cref="ConstructionReport"/>. Each construction adds one
/// derived record and one <see cref="JsonDerivedTypeAttribute"/> line here so the JSON output names it by its id
/// (the contract tests check that every registered construction's details have theirs). A derived record also states
/// what a sweep records of its builds (<see cref="ISweepMeasured"/>, <see cref="SweepValues"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "construction")]
[JsonDerivedType(typeof(FinkeDetails), FinkeConstruction.ConstructionId)]
[JsonDerivedType(typeof(ZhangDetails), ZhangConstruction.ConstructionId)]
[JsonDerivedType(typeof(YunDetails), YunConstruction.ConstructionId)]
[JsonDerivedType(typeof(NearestCentreDetails), NearestCentreConstruction.ConstructionId)]
[JsonDerivedType(typeof(BaumDetails), BaumConstruction.ConstructionId)]
[JsonDerivedType(typeof(BubeckDetails), BubeckConstruction.ConstructionId)]
[JsonDerivedType(typeof(VershyninDetails), VershyninConstruction.ConstructionId)]
public abstract record ConstructionDetails
{
    /// <summary>
    /// This build's values of the construction's own sweep metrics, by name: those of its <see cref="SweepMetrics.Names"/>
    /// that only the details hold, or that it reads otherwise than every report gives them.
    /// </summary>
    public abstract IReadOnlyDictionary<string, double?> SweepValues();
}

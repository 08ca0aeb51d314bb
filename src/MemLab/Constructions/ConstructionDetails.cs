using System.Text.Json.Serialization;

namespace MemLab.Constructions;

/// <summary>
/// Base of the construction-specific part of a <see cref="ConstructionReport"/>. Each construction adds one
/// derived record and one <see cref="JsonDerivedTypeAttribute"/> line here so the JSON output names it by its id
/// (the contract tests check that every registered construction's details have theirs).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "construction")]
[JsonDerivedType(typeof(FinkeDetails), FinkeConstruction.ConstructionId)]
[JsonDerivedType(typeof(ZhangDetails), ZhangConstruction.ConstructionId)]
[JsonDerivedType(typeof(YunDetails), YunConstruction.ConstructionId)]
[JsonDerivedType(typeof(NearestCentreDetails), NearestCentreConstruction.ConstructionId)]
[JsonDerivedType(typeof(BaumDetails), BaumConstruction.ConstructionId)]
[JsonDerivedType(typeof(BubeckDetails), BubeckConstruction.ConstructionId)]
[JsonDerivedType(typeof(VershyninDetails), VershyninConstruction.ConstructionId)]
public abstract record ConstructionDetails;

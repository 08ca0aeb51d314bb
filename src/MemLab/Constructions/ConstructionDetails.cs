using System.Text.Json.Serialization;

namespace MemLab.Constructions;

/// <summary>
/// Base of the construction-specific part of a <see cref="ConstructionReport"/>. Each construction adds one
/// derived record and one <see cref="JsonDerivedTypeAttribute"/> line here so the JSON output names it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "construction")]
[JsonDerivedType(typeof(FinkeDetails), "finke")]
[JsonDerivedType(typeof(ZhangDetails), "zhang")]
[JsonDerivedType(typeof(YunDetails), "yun")]
[JsonDerivedType(typeof(NearestCentreDetails), "nearest-centre")]
[JsonDerivedType(typeof(BaumDetails), "baum")]
[JsonDerivedType(typeof(BubeckDetails), "bubeck")]
[JsonDerivedType(typeof(VershyninDetails), "vershynin")]
public abstract record ConstructionDetails;

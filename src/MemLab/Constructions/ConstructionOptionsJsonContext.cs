using System.Text.Json.Serialization;

namespace MemLab.Constructions;

/// <summary>
/// The serializer's metadata for every construction's options, generated at build time instead of by reflection on the
/// first network a process builds. <see cref="OptionsJson"/> still sets the names and enum words, so the text is what the
/// reflection-based serializer writes; options of a construction not listed here are serialized by reflection, as before.
/// Other serializer settings that write options (the command line's --json) add it to their resolvers too.
/// </summary>
[JsonSerializable(typeof(BaumOptions))]
[JsonSerializable(typeof(BubeckOptions))]
[JsonSerializable(typeof(FinkeOptions))]
[JsonSerializable(typeof(NearestCentreOptions))]
[JsonSerializable(typeof(VershyninOptions))]
[JsonSerializable(typeof(YunOptions))]
[JsonSerializable(typeof(ZhangOptions))]
public sealed partial class ConstructionOptionsJsonContext : JsonSerializerContext;

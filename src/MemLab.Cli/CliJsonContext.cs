using System.Text.Json.Serialization;
using MemLab.Cli.Commands;
using MemLab.Constructions;

namespace MemLab.Cli;

/// <summary>
/// The serializer's metadata for the --json bodies of <c>build</c> and <c>gap</c>, generated at build time instead of by
/// reflection in every run (the construction options a build body holds come from
/// <see cref="ConstructionOptionsJsonContext"/>). <see cref="JsonOutput"/> still sets the names, enum words and number
/// format, so the text is the reflection-based serializer's; other bodies are serialized by reflection, as before.
/// </summary>
[JsonSerializable(typeof(BuildOutput))]
[JsonSerializable(typeof(GapCommand.GapOutput))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using MemLab.Cli.Commands;
using MemLab.Constructions;

namespace MemLab.Cli;

/// <summary>
/// The serializer's metadata for the --json bodies of <c>build</c> and <c>gap</c> (and the construction options a build
/// body holds), generated at build time instead of by reflection in every run. <see cref="JsonOutput"/> still sets the
/// names, enum words and number format, so the text is the reflection-based serializer's; other bodies are serialized
/// by reflection, as before.
/// </summary>
[JsonSerializable(typeof(BuildOutput))]
[JsonSerializable(typeof(GapCommand.GapOutput))]
[JsonSerializable(typeof(BaumOptions))]
[JsonSerializable(typeof(BubeckOptions))]
[JsonSerializable(typeof(FinkeOptions))]
[JsonSerializable(typeof(NearestCentreOptions))]
[JsonSerializable(typeof(VershyninOptions))]
[JsonSerializable(typeof(YunOptions))]
[JsonSerializable(typeof(ZhangOptions))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

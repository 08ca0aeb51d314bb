using System.Text.Json.Serialization;

namespace MemLab.Training;

/// <summary>
/// The serializer's metadata for <see cref="TrainOptions"/>, generated at build time instead of by reflection on the first
/// network of a process. <see cref="Trainer.OptionsJson"/> still sets the names and enum words, so the text is what the
/// reflection-based serializer writes; only the cost of the first call changes (a few hundred just-in-time
/// compilations, most of them precompiled by the ReadyToRun build).
/// </summary>
[JsonSerializable(typeof(TrainOptions))]
internal sealed partial class TrainOptionsJsonContext : JsonSerializerContext;

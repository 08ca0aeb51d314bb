using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MemLab.Constructions;

/// <summary>
/// A construction's options as the JSON stored in a network's provenance: snake_case names, enums as strings. The one
/// format every construction writes, and reads back with <see cref="Read"/>.
/// </summary>
internal static class OptionsJson
{
    private static readonly JsonSerializerOptions Format = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ConstructionOptionsJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>The JSON text of <paramref name="options"/>, with every property of their runtime type.</summary>
    public static string Of(ConstructionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return JsonSerializer.Serialize(options, options.GetType(), Format);
    }

    /// <summary>The options of type <paramref name="optionsType"/> that <paramref name="json"/>, written by <see cref="Of"/>, holds (derived properties it also holds are ignored).</summary>
    /// <exception cref="MemLabException">(InvalidOptions) the text is not options of that type.</exception>
    public static ConstructionOptions Read(Type optionsType, string json)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, optionsType, Format) as ConstructionOptions
                ?? throw MemLabException.InvalidOptions($"The options JSON is not {optionsType.Name}: {json}");
        }
        catch (JsonException error)
        {
            throw MemLabException.InvalidOptions($"The options JSON is not {optionsType.Name} ({error.Message}): {json}");
        }
    }
}

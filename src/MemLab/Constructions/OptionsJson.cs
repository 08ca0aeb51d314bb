using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemLab.Constructions;

/// <summary>A construction's options as the JSON stored in a network's provenance: snake_case names, enums as strings.</summary>
internal static class OptionsJson
{
    private static readonly JsonSerializerOptions Format = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The JSON text of <paramref name="options"/>.</summary>
    public static string Of<TOptions>(TOptions options) where TOptions : ConstructionOptions => JsonSerializer.Serialize(options, Format);
}

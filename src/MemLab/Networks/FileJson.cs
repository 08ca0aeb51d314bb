using System.Text.Json;

namespace MemLab.Networks;

/// <summary>
/// Reading JSON found inside a file with one-line <see cref="MemLabErrorKind.InvalidFile"/> errors that name the file
/// and the field (for example <c>memlab.layers[0].inputs</c>): the checks of the safetensors header and of the memlab
/// network metadata.
/// </summary>
internal static class FileJson
{
    /// <summary>Parses <paramref name="utf8"/>, described as <paramref name="what"/>; <paramref name="otherwise"/> ends the message when it is not JSON.</summary>
    public static JsonDocument Parse(string path, ReadOnlyMemory<byte> utf8, string what, string otherwise)
    {
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw MemLabException.InvalidFile(path, $"{what} is not valid JSON ({e.Message}); {otherwise}.", e);
        }
    }

    /// <summary>The member <paramref name="name"/> of <paramref name="parent"/> (described as <paramref name="where"/>), which must exist and be of <paramref name="kind"/>.</summary>
    public static JsonElement Required(string path, JsonElement parent, string name, JsonValueKind kind, string where)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
            throw MemLabException.InvalidFile(path, $"{where} has no \"{name}\".");
        if (value.ValueKind != kind)
            throw MemLabException.InvalidFile(path, $"{where}.{name} is a JSON {Describe(value.ValueKind)}, expected a {Describe(kind)}.");
        return value;
    }

    /// <summary>The string member <paramref name="name"/>; null when it is missing or null.</summary>
    public static string? OptionalString(string path, JsonElement parent, string name, string where)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw MemLabException.InvalidFile(path, $"{where}.{name} is a JSON {Describe(value.ValueKind)}, expected a string.");
        return value.GetString();
    }

    /// <summary>The whole-number member <paramref name="name"/>, at least <paramref name="least"/>.</summary>
    public static int Int(string path, JsonElement parent, string name, string where, int least)
    {
        JsonElement value = Required(path, parent, name, JsonValueKind.Number, where);
        if (!value.TryGetInt32(out int result) || result < least)
            throw MemLabException.InvalidFile(path, $"{where}.{name} is {value.GetRawText()}; expected a whole number >= {least}.");
        return result;
    }

    /// <summary>The kind as a message says it: "object", "array", "string", "number", "boolean" or "null".</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MemLab.Cli;

/// <summary>The --json convention: one object on stdout, snake_case field names, enums as snake_case strings.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CliJsonContext.Default, MemLab.Constructions.ConstructionOptionsJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Writes <paramref name="result"/> as one JSON object with "command" and "memlab_version" first.</summary>
    public static void Write(TextWriter output, string command, object result)
    {
        var body = JsonSerializer.SerializeToNode(result, result.GetType(), Options) as JsonObject
            ?? throw new InvalidOperationException($"{result.GetType().Name} does not serialize to a JSON object.");
        var envelope = new JsonObject
        {
            ["command"] = command,
            ["memlab_version"] = NetworkProvenance.CurrentVersion,
        };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            envelope[key] = value;
        }
        output.WriteLine(envelope.ToJsonString(Options));
    }
}

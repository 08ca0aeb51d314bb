using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MemLab.Experiments;

/// <summary>
/// A <see cref="SweepSpec"/> as JSON: reading a spec file's object (every key and value checked, one-line errors that
/// name the file and the key; ranges expanded by <see cref="SweepRange"/>) and writing the canonical form that
/// <see cref="SweepSpec.ToJson"/> returns and <see cref="SweepSpec.Hash"/> hashes.
/// </summary>
internal static class SweepSpecJson
{
    private static readonly string[] TopLevelKeys = ["name", "version", "description", "task", "data", "grid", "repetitions", "seed", "metrics", "figures"];

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The spec in <paramref name="json"/>, not yet validated; <paramref name="origin"/> (a path or name) prefixes error messages.</summary>
    /// <exception cref="MemLabException">(InvalidFile) the text is not valid JSON of the expected shape.</exception>
    public static SweepSpec Read(string json, string origin)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: ReadOptions) as JsonObject
                ?? throw MemLabException.InvalidFile(origin, "is not a JSON object; a sweep spec is { \"name\": ..., \"task\": ..., \"data\": ..., \"grid\": { ... } }.");
        }
        catch (JsonException error)
        {
            throw MemLabException.InvalidFile(origin, $"is not valid JSON ({error.Message}); fix the syntax at that position.", error);
        }
        foreach (var (key, _) in root)
            if (!TopLevelKeys.Contains(key))
                throw MemLabException.InvalidFile(origin, $"has an unknown key '{key}'; valid keys: {string.Join(", ", TopLevelKeys)}.");
        return new SweepSpec
        {
            Name = RequiredString(root, "name", origin),
            Version = root["version"] is { } version ? Integer(version, "version", origin) : 1,
            Description = root["description"] is { } description ? Text(description, "description", origin) : "",
            Task = RequiredString(root, "task", origin),
            Data = RequiredString(root, "data", origin),
            Grid = root["grid"] is JsonObject grid
                ? grid.Select(entry => new SweepParameter(entry.Key, Values(entry.Value, entry.Key, origin))).ToArray()
                : throw MemLabException.InvalidFile(origin,
                    "needs \"grid\": an object from parameter names to value lists, for example \"grid\": { \"n\": [100, 200] }."),
            Repetitions = root["repetitions"] is { } repetitions ? Integer(repetitions, "repetitions", origin) : 1,
            Seed = root["seed"] is { } seed ? new Seed(SeedValue(seed, origin)) : new Seed(0),
            Metrics = root["metrics"] is { } metrics ? Strings(metrics, "metrics", origin) : [],
            Figures = root["figures"] is { } figures ? SweepFigures.Parse(figures, origin) : [],
        };
    }

    /// <summary>The spec as indented JSON, ranges expanded to value lists; the description and figures only when <paramref name="includeDescription"/>.</summary>
    public static string Write(SweepSpec spec, bool includeDescription)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", spec.Name);
            json.WriteNumber("version", spec.Version);
            if (includeDescription) json.WriteString("description", spec.Description);
            json.WriteString("task", spec.Task);
            json.WriteString("data", spec.Data);
            json.WriteStartObject("grid");
            foreach (var parameter in spec.Grid)
            {
                json.WriteStartArray(parameter.Name);
                foreach (string value in parameter.Values) json.WriteStringValue(value);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteNumber("repetitions", spec.Repetitions);
            json.WriteNumber("seed", spec.Seed.Value);
            json.WriteStartArray("metrics");
            foreach (string metric in spec.Metrics) json.WriteStringValue(metric);
            json.WriteEndArray();
            if (includeDescription && spec.Figures.Count > 0) SweepFigures.Write(json, spec.Figures);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string RequiredString(JsonObject root, string key, string origin) =>
        root[key] is { } node
            ? Text(node, key, origin)
            : throw MemLabException.InvalidFile(origin, $"has no \"{key}\"; a sweep spec needs \"name\", \"task\", \"data\" and \"grid\".");

    internal static string Text(JsonNode node, string key, string origin) =>
        node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw MemLabException.InvalidFile(origin, $"\"{key}\" is {node.ToJsonString()}; it must be a string.");

    internal static int Integer(JsonNode node, string key, string origin) =>
        node.GetValueKind() == JsonValueKind.Number && int.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw MemLabException.InvalidFile(origin, $"\"{key}\" is {node.ToJsonString()}; it must be an integer.");

    private static ulong SeedValue(JsonNode node, string origin) =>
        node.GetValueKind() == JsonValueKind.Number && ulong.TryParse(node.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw MemLabException.InvalidFile(origin,
                string.Create(CultureInfo.InvariantCulture, $"\"seed\" is {node.ToJsonString()}; it must be an integer in [0, {ulong.MaxValue}]."));

    private static string[] Strings(JsonNode node, string key, string origin) =>
        node is JsonArray array && array.All(item => item?.GetValueKind() == JsonValueKind.String)
            ? array.Select(item => item!.GetValue<string>()).ToArray()
            : throw MemLabException.InvalidFile(origin, $"\"{key}\" is {node.ToJsonString()}; it must be a list of strings.");

    private static string[] Values(JsonNode? node, string name, string origin) => node switch
    {
        JsonArray array => array.Select(item => Scalar(item, name, origin)).ToArray(),
        JsonObject range => SweepRange.Expand(range, name, origin),
        _ => [Scalar(node, name, origin)],
    };

    internal static string Scalar(JsonNode? node, string name, string origin)
    {
        JsonValueKind kind = node?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.String) return node!.GetValue<string>();
        if (kind == JsonValueKind.Number)
        {
            string raw = node!.ToJsonString();
            return raw.AsSpan().IndexOfAny(".eE") < 0 ? raw : SweepRange.Format(node.GetValue<double>());
        }
        if (kind is JsonValueKind.True or JsonValueKind.False) return kind == JsonValueKind.True ? "true" : "false";
        throw MemLabException.InvalidFile(origin,
            $"grid parameter '{name}' has the value {node?.ToJsonString() ?? "null"}; values must be numbers, strings or booleans.");
    }
}

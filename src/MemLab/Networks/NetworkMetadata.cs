using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MemLab.Networks;

/// <summary>
/// The memlab metadata of a network file (the schema inside the safetensors container of <see cref="NetworkFile"/>):
/// <c>__metadata__.format</c> = "memlab-network", <c>format_version</c> ("1" when every layer is dense, "2" when a
/// layer is sparse) and <c>memlab</c>, a JSON string with the layers (inputs, outputs, activation, and for a sparse
/// layer <c>storage</c> = "csr" and <c>nonzeros</c>), the output rule and the <see cref="NetworkProvenance"/>.
/// Reading checks every field and names the one that is wrong.
/// </summary>
internal static class NetworkMetadata
{
    /// <summary>What a reader is told about a safetensors file that lacks memlab's metadata.</summary>
    private const string Fix = "this safetensors file was not saved by memlab; save networks with memlab to load them here.";

    /// <summary>Writes the <c>__metadata__</c> object of <paramref name="network"/>.</summary>
    public static void Write(Utf8JsonWriter json, Network network)
    {
        json.WriteStartObject("__metadata__");
        json.WriteString("format", NetworkFile.FormatName);
        json.WriteString("format_version", network.Layers.Any(l => l is SparseLayer) ? NetworkFile.SparseFormatVersion : NetworkFile.FormatVersion);
        json.WriteString("memlab", MemLabMetadata(network));
        json.WriteEndObject();
    }

    /// <summary>The layers, output rule and provenance in the <c>__metadata__</c> of the file at <paramref name="path"/>.</summary>
    /// <exception cref="MemLabException">(InvalidFile) no memlab metadata, another format or version, or a field missing or malformed.</exception>
    public static Architecture Read(string path, JsonElement? metadata)
    {
        if (metadata is not JsonElement meta || meta.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"the header has no __metadata__ object, so no memlab metadata; {Fix}");
        string? format = FileJson.OptionalString(path, meta, "format", "__metadata__");
        if (format != NetworkFile.FormatName)
            throw Invalid(path, $"__metadata__.format is {Quote(format)}, not \"{NetworkFile.FormatName}\"; {Fix}");
        string? version = FileJson.OptionalString(path, meta, "format_version", "__metadata__");
        if (version != NetworkFile.FormatVersion && version != NetworkFile.SparseFormatVersion)
            throw Invalid(path, $"__metadata__.format_version is {Quote(version)} but this memlab reads versions \"{NetworkFile.FormatVersion}\" and \"{NetworkFile.SparseFormatVersion}\"; load it with the memlab version that wrote it.");
        string memlab = FileJson.OptionalString(path, meta, "memlab", "__metadata__")
            ?? throw Invalid(path, $"__metadata__ has no \"memlab\" entry with the architecture; {Fix}");

        using JsonDocument document = FileJson.Parse(path, Encoding.UTF8.GetBytes(memlab), "__metadata__.memlab", "the file is damaged or not a memlab network file");
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"__metadata__.memlab is a JSON {FileJson.Describe(root.ValueKind)}, not an object; {Fix}");
        JsonElement layerList = FileJson.Required(path, root, "layers", JsonValueKind.Array, "memlab");
        if (layerList.GetArrayLength() == 0)
            throw Invalid(path, "__metadata__.memlab lists no layers; a network needs at least one.");
        var layers = new List<LayerShape>();
        foreach (JsonElement entry in layerList.EnumerateArray())
        {
            string where = $"memlab.layers[{layers.Count}]";
            if (entry.ValueKind != JsonValueKind.Object)
                throw Invalid(path, $"{where} is a JSON {FileJson.Describe(entry.ValueKind)}, not an object with inputs, outputs and activation.");
            int inputs = FileJson.Int(path, entry, "inputs", where, 1);
            int outputs = FileJson.Int(path, entry, "outputs", where, 1);
            string activation = FileJson.Required(path, entry, "activation", JsonValueKind.String, where).GetString()!;
            string? storage = FileJson.OptionalString(path, entry, "storage", where);
            int? nonzeros = storage switch
            {
                null or "dense" => null,
                "csr" when version == NetworkFile.SparseFormatVersion => FileJson.Int(path, entry, "nonzeros", where, 0),
                "csr" => throw Invalid(path, $"{where}.storage is \"csr\" but __metadata__.format_version is \"{version}\"; sparse layers need version \"{NetworkFile.SparseFormatVersion}\", so the file is damaged."),
                _ => throw Invalid(path, $"{where}.storage is \"{storage}\"; expected dense or csr."),
            };
            layers.Add(new LayerShape(inputs, outputs, activation switch
            {
                "threshold" => Activation.Threshold,
                "relu" => Activation.Relu,
                "identity" => Activation.Identity,
                _ => throw Invalid(path, $"{where}.activation is \"{activation}\"; expected threshold, relu or identity."),
            }, nonzeros));
        }
        string rule = FileJson.Required(path, root, "output_rule", JsonValueKind.String, "memlab").GetString()!;
        OutputRule outputRule = rule switch
        {
            "sign" => OutputRule.Sign,
            "argmax" => OutputRule.Argmax,
            "value" => OutputRule.Value,
            _ => throw Invalid(path, $"memlab.output_rule is \"{rule}\"; expected sign, argmax or value."),
        };
        return new Architecture(layers, outputRule, ReadProvenance(path, FileJson.Required(path, root, "provenance", JsonValueKind.Object, "memlab")));
    }

    private static NetworkProvenance ReadProvenance(string path, JsonElement provenance)
    {
        const string Where = "memlab.provenance";
        ulong? seed = null;
        if (provenance.TryGetProperty("seed", out JsonElement seedValue) && seedValue.ValueKind != JsonValueKind.Null)
        {
            if (seedValue.ValueKind != JsonValueKind.Number || !seedValue.TryGetUInt64(out ulong parsed))
                throw Invalid(path, $"{Where}.seed is {seedValue.GetRawText()}; expected an integer in 0 .. 2^64-1 or null.");
            seed = parsed;
        }
        return new NetworkProvenance(
            FileJson.Required(path, provenance, "method", JsonValueKind.String, Where).GetString()!,
            FileJson.Required(path, provenance, "options_json", JsonValueKind.String, Where).GetString()!,
            seed,
            FileJson.OptionalString(path, provenance, "data_spec", Where),
            FileJson.OptionalString(path, provenance, "data_hash", Where),
            FileJson.Required(path, provenance, "memlab_version", JsonValueKind.String, Where).GetString()!);
    }

    /// <summary>The <c>memlab</c> metadata value: architecture and provenance as compact JSON.</summary>
    private static string MemLabMetadata(Network network)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, NetworkFile.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("layers");
            foreach (Layer layer in network.Layers)
            {
                json.WriteStartObject();
                json.WriteNumber("inputs", layer.InputCount);
                json.WriteNumber("outputs", layer.OutputCount);
                json.WriteString("activation", ActivationWord(layer.Activation));
                if (layer is SparseLayer sparse)
                {
                    json.WriteString("storage", "csr");
                    json.WriteNumber("nonzeros", sparse.Values.Length);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("output_rule", OutputRuleWord(network.OutputRule));
            NetworkProvenance provenance = network.Provenance;
            json.WriteStartObject("provenance");
            json.WriteString("method", provenance.Method);
            json.WriteString("options_json", provenance.OptionsJson);
            if (provenance.Seed is ulong seed) json.WriteNumber("seed", seed);
            else json.WriteNull("seed");
            json.WriteString("data_spec", provenance.DataSpec);
            json.WriteString("data_hash", provenance.DataHash);
            json.WriteString("memlab_version", provenance.MemLabVersion);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ActivationWord(Activation activation) => activation switch
    {
        Activation.Threshold => "threshold",
        Activation.Relu => "relu",
        Activation.Identity => "identity",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    private static string OutputRuleWord(OutputRule rule) => rule switch
    {
        OutputRule.Sign => "sign",
        OutputRule.Argmax => "argmax",
        OutputRule.Value => "value",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown output rule."),
    };

    private static string Quote(string? value) => value is null ? "missing" : $"\"{value}\"";

    private static MemLabException Invalid(string path, string message) => MemLabException.InvalidFile(path, message);

    /// <summary>A layer as the metadata describes it; <paramref name="Nonzeros"/> is the stored entry count of a sparse (CSR) layer, null for a dense one.</summary>
    internal sealed record LayerShape(int Inputs, int Outputs, Activation Activation, int? Nonzeros);

    /// <summary>The network the metadata describes, without its weights.</summary>
    internal sealed record Architecture(IReadOnlyList<LayerShape> Layers, OutputRule OutputRule, NetworkProvenance Provenance);
}

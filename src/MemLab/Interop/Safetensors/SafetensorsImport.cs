using System.Text.Json;
using MemLab.Networks;

namespace MemLab.Interop.Safetensors;

/// <summary>
/// Reads a dense network from a safetensors file written by memlab or by another tool (PyTorch, JAX, NumPy) in the
/// documented layout: tensors <c>layers.{i}.weight</c> [out, in] and <c>layers.{i}.bias</c> [out] for i = 0, 1, ...,
/// dtype F32 or F64 (float32 is widened exactly), and in <c>__metadata__</c> the string <c>activations</c>
/// (one of threshold, relu, identity per layer, comma-separated, first layer first) and <c>output_rule</c> (sign,
/// argmax or value). A file memlab saved itself (<c>__metadata__.format</c> = "memlab-network") is read by
/// <see cref="NetworkFile.Load"/>, with its provenance, bit for bit.
/// </summary>
public static class SafetensorsImport
{
    /// <summary>Reads the network in <paramref name="path"/>.</summary>
    /// <exception cref="MemLabException">
    /// The file is missing, not safetensors, lacks the activations or output_rule metadata, or a tensor is missing,
    /// extra, of an unsupported dtype, of the wrong shape, out of the file's bounds, overlapping another or not finite;
    /// the message names the tensor and what it should be.
    /// </exception>
    public static Network Import(string path)
    {
        JsonElement metadata;
        using (var file = SafetensorsReader.Open(path, "Check the path to the safetensors file to import.", "this is not a safetensors file."))
        {
            metadata = file.Metadata is { ValueKind: JsonValueKind.Object } m ? m.Clone() : default;
            if (!(metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("format", out JsonElement format)
                && format.ValueKind == JsonValueKind.String && format.GetString() == NetworkFile.FormatName))
                return Read(file, metadata);
        }
        return NetworkFile.Load(path);
    }

    /// <summary>The dense layers of a foreign file, in the layout the type's summary describes.</summary>
    private static Network Read(SafetensorsReader file, JsonElement metadata)
    {
        string path = file.Path;
        Activation[] activations = ReadActivations(path, metadata);
        OutputRule rule = ReadOutputRule(path, metadata);
        var layers = new DenseLayer[activations.Length];
        var tensors = new List<SafetensorsTensor>();
        for (int i = 0; i < layers.Length; i++)
        {
            string weightName = $"layers.{i}.weight", biasName = $"layers.{i}.bias";
            int? inputs = i == 0 ? null : layers[i - 1].OutputCount;
            SafetensorsTensor weight = Tensor(file, weightName, activations.Length, 2,
                inputs is int n ? $"[units, {n}] (layer {i - 1} has {n} units)" : "[units, inputs]");
            long[] shape = weight.Shape;
            if (inputs is int previous && shape[1] != previous)
                throw file.Invalid($"tensor '{weightName}' has shape [{shape[0]}, {shape[1]}], but layer {i - 1} has {previous} units, so it must be [{shape[0]}, {previous}].");
            SafetensorsTensor bias = Tensor(file, biasName, activations.Length, 1, $"[{shape[0]}]");
            if (bias.Shape[0] != shape[0])
                throw file.Invalid($"tensor '{biasName}' has shape [{bias.Shape[0]}], but '{weightName}' has {shape[0]} rows, so it must be [{shape[0]}].");
            tensors.Add(weight);
            tensors.Add(bias);
            layers[i] = new DenseLayer((int)shape[1], (int)shape[0], file.ReadDoubles(weight, (int)shape[1]), file.ReadDoubles(bias, null), activations[i]);
        }
        file.RequireExactly(tensors,
            $"{activations.Length} activations in __metadata__ mean exactly layers.0 .. layers.{activations.Length - 1} (weight and bias). Fix the activations list or remove the tensor.");

        string options = JsonSerializer.Serialize(new Dictionary<string, string> { ["source"] = Path.GetFileName(path) });
        try
        {
            return new Network(layers, rule, new NetworkProvenance("import", options, null, null, null, NetworkProvenance.CurrentVersion));
        }
        catch (MemLabException e) when (e.Kind == MemLabErrorKind.InvalidData)
        {
            throw file.Invalid($"its tensors and metadata describe an impossible network: {e.Message}", e);
        }
    }

    /// <summary>An F32 or F64 tensor of rank <paramref name="rank"/> whose sizes are positive <see cref="int"/>s.</summary>
    private static SafetensorsTensor Tensor(SafetensorsReader file, string name, int layerCount, int rank, string wanted)
    {
        SafetensorsTensor tensor = file.Tensor(name, ["F64", "F32"], "memlab imports F32 or F64 tensors: convert it (e.g. tensor.float()) before saving.")
            ?? throw file.Invalid($"tensor '{name}' is missing; {layerCount} activations in __metadata__ need layers.0 .. layers.{layerCount - 1}, each with weight [units, inputs] and bias [units].");
        if (tensor.Shape.Length != rank || tensor.Shape.Any(s => s < 1 || s > int.MaxValue))
            throw file.Invalid($"tensor '{name}' has shape {tensor.ShapeText}; it must be {wanted}.");
        return tensor;
    }

    private static Activation[] ReadActivations(string path, JsonElement metadata)
    {
        string text = MetadataString(path, metadata, "activations", "one of threshold, relu, identity per layer, comma-separated, e.g. \"relu,relu,identity\"");
        string[] words = text.Split(',', StringSplitOptions.TrimEntries);
        var activations = new Activation[words.Length];
        for (int i = 0; i < words.Length; i++)
            activations[i] = words[i].ToLowerInvariant() switch
            {
                "threshold" or "step" or "heaviside" => Activation.Threshold,
                "relu" => Activation.Relu,
                "identity" or "linear" or "none" => Activation.Identity,
                _ => throw Invalid(path, $"__metadata__.activations entry {i} is \"{words[i]}\"; each entry must be threshold, relu or identity."),
            };
        return activations;
    }

    private static OutputRule ReadOutputRule(string path, JsonElement metadata) =>
        MetadataString(path, metadata, "output_rule", "sign, argmax or value").Trim().ToLowerInvariant() switch
        {
            "sign" => OutputRule.Sign,
            "argmax" => OutputRule.Argmax,
            "value" => OutputRule.Value,
            var other => throw Invalid(path, $"__metadata__.output_rule is \"{other}\"; it must be sign, argmax or value."),
        };

    private static string MetadataString(string path, JsonElement metadata, string key, string expected)
    {
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty(key, out JsonElement value))
            throw Invalid(path, $"__metadata__ has no \"{key}\" entry; add it when saving ({expected}).");
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw Invalid(path, $"__metadata__.{key} is {value.GetRawText()}; it must be a string: {expected}.");
        return value.GetString()!;
    }

    private static MemLabException Invalid(string path, string message, Exception? inner = null) =>
        MemLabException.InvalidFile(path, message, inner);
}

using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
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
    /// <summary>Headers larger than this (100 MB, the safetensors library's own limit) are rejected.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads the network in <paramref name="path"/>.</summary>
    /// <exception cref="MemLabException">
    /// The file is missing, not safetensors, lacks the activations or output_rule metadata, or a tensor is missing,
    /// extra, of an unsupported dtype, of the wrong shape, out of the file's bounds or not finite; the message names
    /// the tensor and what it should be.
    /// </exception>
    public static Network Import(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ExistingFile.Require(path, "Check the path to the safetensors file to import.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using JsonDocument header = ReadHeader(path, stream, out long dataStart);
        JsonElement root = header.RootElement;
        JsonElement metadata = root.TryGetProperty("__metadata__", out JsonElement m) && m.ValueKind == JsonValueKind.Object ? m : default;
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("format", out JsonElement format)
            && format.ValueKind == JsonValueKind.String && format.GetString() == NetworkFile.FormatName)
        {
            stream.Close();
            return NetworkFile.Load(path);
        }

        Activation[] activations = ReadActivations(path, metadata);
        OutputRule rule = ReadOutputRule(path, metadata);
        long dataLength = stream.Length - dataStart;
        var layers = new DenseLayer[activations.Length];
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var ranges = new List<(string Name, long Begin, long End)>();
        for (int i = 0; i < layers.Length; i++)
        {
            string weightName = $"layers.{i}.weight", biasName = $"layers.{i}.bias";
            expected.Add(weightName);
            expected.Add(biasName);
            int? inputs = i == 0 ? null : layers[i - 1].OutputCount;
            var (weights, shape) = ReadTensor(path, stream, root, weightName, dataStart, dataLength, activations.Length, 2, ranges,
                inputs is int n ? $"[units, {n}] (layer {i - 1} has {n} units)" : "[units, inputs]");
            if (inputs is int previous && shape[1] != previous)
                throw Invalid(path, $"tensor '{weightName}' has shape [{shape[0]}, {shape[1]}], but layer {i - 1} has {previous} units, so it must be [{shape[0]}, {previous}].");
            var (bias, biasShape) = ReadTensor(path, stream, root, biasName, dataStart, dataLength, activations.Length, 1, ranges, $"[{shape[0]}]");
            if (biasShape[0] != shape[0])
                throw Invalid(path, $"tensor '{biasName}' has shape [{biasShape[0]}], but '{weightName}' has {shape[0]} rows, so it must be [{shape[0]}].");
            layers[i] = new DenseLayer((int)shape[1], (int)shape[0], weights, bias, activations[i]);
        }
        RequireDisjoint(path, ranges);
        foreach (JsonProperty property in root.EnumerateObject())
            if (property.Name != "__metadata__" && !expected.Contains(property.Name))
                throw Invalid(path, $"it holds tensor '{property.Name}', which the layout does not have: {activations.Length} activations in __metadata__ mean exactly layers.0 .. layers.{activations.Length - 1} (weight and bias). Fix the activations list or remove the tensor.");

        string options = JsonSerializer.Serialize(new Dictionary<string, string> { ["source"] = Path.GetFileName(path) });
        try
        {
            return new Network(layers, rule, new NetworkProvenance("import", options, null, null, null, NetworkProvenance.CurrentVersion));
        }
        catch (MemLabException e) when (e.Kind == MemLabErrorKind.InvalidData)
        {
            throw MemLabException.InvalidFile(path, $"its tensors and metadata describe an impossible network: {e.Message}", e);
        }
    }

    private static JsonDocument ReadHeader(string path, FileStream stream, out long dataStart)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Invalid(path, $"the file is {fileLength} bytes long, too short for a safetensors file (8-byte header length, then a JSON header).");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes)
            throw Invalid(path, $"the header length is {headerLength} bytes but {fileLength - 8} bytes follow it; this is not a safetensors file, or it is truncated.");
        var bytes = new byte[headerLength];
        stream.ReadExactly(bytes);
        dataStart = 8 + (long)headerLength;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"the safetensors header is not valid JSON ({e.Message}); this is not a safetensors file.", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Invalid(path, "the safetensors header is not a JSON object of tensors; this is not a safetensors file.");
        }
        return document;
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

    /// <summary>The safetensors format forbids tensors whose byte ranges overlap: one byte would be two weights.</summary>
    private static void RequireDisjoint(string path, List<(string Name, long Begin, long End)> ranges)
    {
        var byStart = ranges.OrderBy(r => r.Begin).ThenBy(r => r.End).ToArray();
        for (int i = 1; i < byStart.Length; i++)
            if (byStart[i].Begin < byStart[i - 1].End)
                throw Invalid(path, $"tensor '{byStart[i].Name}' [{byStart[i].Begin},{byStart[i].End}) overlaps tensor '{byStart[i - 1].Name}' [{byStart[i - 1].Begin},{byStart[i - 1].End}); safetensors tensors never share bytes, so the file is damaged.");
    }

    /// <summary>Reads one F32 or F64 tensor of rank <paramref name="rank"/> as float64, checking its entry against the data section.</summary>
    private static (double[] Values, long[] Shape) ReadTensor(string path, FileStream stream, JsonElement root, string name,
        long dataStart, long dataLength, int layerCount, int rank, List<(string Name, long Begin, long End)> ranges, string wanted)
    {
        if (!root.TryGetProperty(name, out JsonElement entry))
            throw Invalid(path, $"tensor '{name}' is missing; {layerCount} activations in __metadata__ need layers.0 .. layers.{layerCount - 1}, each with weight [units, inputs] and bias [units].");
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("dtype", out JsonElement dtypeValue) || dtypeValue.ValueKind != JsonValueKind.String
            || !entry.TryGetProperty("shape", out JsonElement shapeValue) || shapeValue.ValueKind != JsonValueKind.Array
            || !entry.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array)
            throw Invalid(path, $"tensor '{name}' has no dtype, shape and data_offsets; the header is damaged.");
        string dtype = dtypeValue.GetString()!;
        int size = dtype switch
        {
            "F64" => 8,
            "F32" => 4,
            _ => throw Invalid(path, $"tensor '{name}' has dtype {dtype}; memlab imports F32 or F64 tensors: convert it (e.g. tensor.float()) before saving."),
        };
        long[] shape = shapeValue.EnumerateArray().Select(s => s.TryGetInt64(out long v) ? v : -1).ToArray();
        if (shape.Length != rank || shape.Any(s => s < 1 || s > int.MaxValue))
            throw Invalid(path, $"tensor '{name}' has shape {shapeValue.GetRawText()}; it must be {wanted}.");
        if (offsets.GetArrayLength() != 2 || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end)
            || begin < 0 || end < begin || end > dataLength)
            throw Invalid(path, $"tensor '{name}' has data_offsets {offsets.GetRawText()}, outside the {dataLength} data bytes; the file is truncated or damaged.");
        ranges.Add((name, begin, end));
        long count = shape.Aggregate(1L, (product, s) => product * s);
        if (end - begin != count * size)
            throw Invalid(path, $"tensor '{name}' spans {end - begin} bytes but shape {shapeValue.GetRawText()} of {dtype} needs {count * size}; the file is damaged.");

        var values = new double[count];
        stream.Position = dataStart + begin;
        if (size == 8)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            var narrow = new float[count];
            stream.ReadExactly(MemoryMarshal.AsBytes(narrow.AsSpan()));
            for (long i = 0; i < count; i++) values[i] = narrow[i];
        }
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0)
            throw Invalid(path, string.Create(CultureInfo.InvariantCulture, $"tensor '{name}' holds {values[bad]} at flat index {bad}; network weights must be finite."));
        return (values, shape);
    }

    private static MemLabException Invalid(string path, string message, Exception? inner = null) =>
        MemLabException.InvalidFile(path, message, inner);
}

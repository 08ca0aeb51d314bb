using System.Globalization;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace MemLab.Networks;

/// <summary>
/// Saves and loads a <see cref="Network"/> as a safetensors file (the format of Hugging Face's
/// <c>safetensors</c> library, readable from PyTorch, JAX and numpy): an 8-byte little-endian header length,
/// a UTF-8 JSON header padded with spaces to a multiple of 8 bytes, then the raw little-endian tensor bytes.
/// A dense layer i is stored as the float64 tensors <c>layers.{i}.weight</c> [out, in] and <c>layers.{i}.bias</c>
/// [out]; a <see cref="SparseLayer"/> as its CSR arrays, the int32 tensors <c>layers.{i}.indptr</c> [out + 1] and
/// <c>layers.{i}.indices</c> [nnz] and the float64 tensors <c>layers.{i}.values</c> [nnz] and <c>layers.{i}.bias</c>
/// [out] (scipy's <c>csr_matrix((values, indices, indptr), shape=(out, in))</c>). The header's <c>__metadata__</c>
/// holds <c>format</c> = "memlab-network", <c>format_version</c> ("1" when every layer is dense, as memlab always
/// wrote; "2" when a layer is sparse) and <c>memlab</c>, a JSON string with the architecture (per layer: inputs,
/// outputs, activation, and for a sparse layer <c>storage</c> = "csr" and <c>nonzeros</c>; the output rule) and the
/// <see cref="NetworkProvenance"/>. Saving is atomic; loading validates everything and reads weights back bit for bit.
/// </summary>
public static class NetworkFile
{
    /// <summary>The value of <c>__metadata__.format</c> in every memlab network file.</summary>
    public const string FormatName = "memlab-network";

    /// <summary>The version of the memlab metadata layout this code writes for networks whose layers are all dense (it reads it too).</summary>
    public const string FormatVersion = "1";

    /// <summary>The version written when a layer is sparse (stored as CSR tensors); it reads it too.</summary>
    public const string SparseFormatVersion = "2";

    /// <summary>Headers larger than this (100 MB, the safetensors library's own limit) are rejected before they are read.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly TensorType WeightType = new("F64", 8, "float64 weights");

    private static readonly TensorType IndexType = new("I32", 4, "int32 CSR indices");

    /// <summary>
    /// Writes <paramref name="network"/> to <paramref name="path"/>, replacing any existing file, through
    /// <see cref="AtomicFile"/>: a crash leaves either the old file or the complete new one, never a half-written model.
    /// </summary>
    /// <exception cref="MemLabException">The path cannot be written (see <see cref="AtomicFile.Write"/>).</exception>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("memlab writes safetensors files on little-endian machines only.");
        byte[] header = Header(network);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (Layer layer in network.Layers)
            {
                if (layer is SparseLayer sparse)
                {
                    stream.Write(MemoryMarshal.AsBytes(sparse.RowStarts));
                    stream.Write(MemoryMarshal.AsBytes(sparse.Columns));
                }
                stream.Write(MemoryMarshal.AsBytes(layer.StoredWeights));
                stream.Write(MemoryMarshal.AsBytes(layer.Bias));
            }
        });
    }

    /// <summary>Reads a network written by <see cref="Save"/> (or by any tool that follows the same layout).</summary>
    /// <exception cref="MemLabException">
    /// The file does not exist, or it is not a valid memlab network file: not safetensors, bad JSON, missing
    /// memlab metadata, a tensor missing, extra or disagreeing with the architecture in dtype or shape, data
    /// offsets out of range or overlapping, or non-finite weights. The message names the problem.
    /// </exception>
    public static Network Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ExistingFile.Require(path, "Check the path to the saved network (a .safetensors file written by memlab).");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("memlab reads safetensors files on little-endian machines only.");

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Invalid(path, $"the file is {fileLength} bytes long, too short for a safetensors file (8-byte header length, then the header); pass a network saved by memlab.");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8))
            throw Invalid(path, $"the header length is {headerLength} bytes but only {fileLength - 8} bytes follow it; this is not a safetensors file, or it is truncated.");
        if (headerLength > MaxHeaderBytes)
            throw Invalid(path, $"the header length is {headerLength} bytes, more than the {MaxHeaderBytes} a safetensors header may have; this is not a memlab network file.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerLength;
        if (!Utf8.IsValid(header))
            throw Invalid(path, "the safetensors header is not valid UTF-8 text; the file is damaged or not a memlab network file.");

        using JsonDocument document = ParseJson(path, header, "the safetensors header");
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"the safetensors header is a JSON {Describe(root.ValueKind)}, not an object of tensors; this is not a safetensors file.");
        (JsonElement? metadata, Dictionary<string, JsonElement> tensors) = SplitHeader(path, root);
        Architecture architecture = ReadArchitecture(path, metadata);

        var placed = new List<PlacedTensor>[architecture.Layers.Count];
        long dataLength = fileLength - dataStart;
        for (int i = 0; i < architecture.Layers.Count; i++)
        {
            LayerShape shape = architecture.Layers[i];
            placed[i] = shape.Nonzeros is int nonzeros
                ?
                [
                    Place(path, tensors, $"layers.{i}.indptr", [shape.Outputs + 1], IndexType, dataLength),
                    Place(path, tensors, $"layers.{i}.indices", [nonzeros], IndexType, dataLength),
                    Place(path, tensors, $"layers.{i}.values", [nonzeros], WeightType, dataLength),
                    Place(path, tensors, $"layers.{i}.bias", [shape.Outputs], WeightType, dataLength),
                ]
                :
                [
                    Place(path, tensors, $"layers.{i}.weight", [shape.Outputs, shape.Inputs], WeightType, dataLength),
                    Place(path, tensors, $"layers.{i}.bias", [shape.Outputs], WeightType, dataLength),
                ];
        }
        var expected = placed.SelectMany(p => p).Select(t => t.Name).ToHashSet();
        foreach (string name in tensors.Keys)
            if (!expected.Contains(name))
                throw Invalid(path, $"it holds an unexpected tensor '{name}'; a memlab network with {architecture.Layers.Count} layers holds per layer i layers.i.weight and layers.i.bias (dense) or layers.i.indptr, indices, values and bias (sparse), as its metadata says.");
        CheckContiguous(path, placed.SelectMany(p => p).ToList(), dataLength);

        var layers = new Layer[architecture.Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            LayerShape shape = architecture.Layers[i];
            if (shape.Nonzeros is null)
            {
                layers[i] = new DenseLayer(shape.Inputs, shape.Outputs, ReadWeights(path, stream, dataStart, placed[i][0], shape.Inputs),
                    ReadWeights(path, stream, dataStart, placed[i][1], null), shape.Activation);
                continue;
            }
            int[] rowStarts = ReadIndices(stream, dataStart, placed[i][0]), columns = ReadIndices(stream, dataStart, placed[i][1]);
            double[] values = ReadWeights(path, stream, dataStart, placed[i][2], null), bias = ReadWeights(path, stream, dataStart, placed[i][3], null);
            try
            {
                layers[i] = new SparseLayer(shape.Inputs, shape.Outputs, rowStarts, columns, values, bias, shape.Activation);
            }
            catch (MemLabException e) when (e.Kind == MemLabErrorKind.InvalidData)
            {
                throw MemLabException.InvalidFile(path, $"layer {i}'s CSR tensors do not describe a valid sparse matrix, so the file is damaged: {e.Message}", e);
            }
        }
        try
        {
            return new Network(layers, architecture.OutputRule, architecture.Provenance);
        }
        catch (MemLabException e) when (e.Kind == MemLabErrorKind.InvalidData)
        {
            throw MemLabException.InvalidFile(path, $"its architecture describes an impossible network: {e.Message}", e);
        }
    }

    /// <summary>The padded UTF-8 JSON header: metadata first, then each layer's weight and bias in file order.</summary>
    private static byte[] Header(Network network)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", FormatName);
            json.WriteString("format_version", network.Layers.Any(l => l is SparseLayer) ? SparseFormatVersion : FormatVersion);
            json.WriteString("memlab", MemLabMetadata(network));
            json.WriteEndObject();
            long offset = 0;
            for (int i = 0; i < network.Layers.Count; i++)
            {
                Layer layer = network.Layers[i];
                if (layer is SparseLayer sparse)
                {
                    offset = WriteTensorEntry(json, $"layers.{i}.indptr", [layer.OutputCount + 1], IndexType, offset);
                    offset = WriteTensorEntry(json, $"layers.{i}.indices", [sparse.Columns.Length], IndexType, offset);
                    offset = WriteTensorEntry(json, $"layers.{i}.values", [sparse.Values.Length], WeightType, offset);
                }
                else
                {
                    offset = WriteTensorEntry(json, $"layers.{i}.weight", [layer.OutputCount, layer.InputCount], WeightType, offset);
                }
                offset = WriteTensorEntry(json, $"layers.{i}.bias", [layer.OutputCount], WeightType, offset);
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static long WriteTensorEntry(Utf8JsonWriter json, string name, int[] shape, TensorType type, long offset)
    {
        long end = offset + type.Bytes * shape.Aggregate(1L, (product, size) => product * size);
        json.WriteStartObject(name);
        json.WriteString("dtype", type.Name);
        json.WriteStartArray("shape");
        foreach (int size in shape) json.WriteNumberValue(size);
        json.WriteEndArray();
        json.WriteStartArray("data_offsets");
        json.WriteNumberValue(offset);
        json.WriteNumberValue(end);
        json.WriteEndArray();
        json.WriteEndObject();
        return end;
    }

    /// <summary>The <c>memlab</c> metadata value: architecture and provenance as compact JSON.</summary>
    private static string MemLabMetadata(Network network)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
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

    private static JsonDocument ParseJson(string path, ReadOnlyMemory<byte> utf8, string what)
    {
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"{what} is not valid JSON ({e.Message}); the file is damaged or not a memlab network file.", e);
        }
    }

    /// <summary>Separates <c>__metadata__</c> from the tensor entries, rejecting names that appear twice.</summary>
    private static (JsonElement? Metadata, Dictionary<string, JsonElement> Tensors) SplitHeader(string path, JsonElement root)
    {
        JsonElement? metadata = null;
        var tensors = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                if (metadata is not null)
                    throw Invalid(path, "the header has two __metadata__ entries; the file is damaged.");
                metadata = property.Value;
            }
            else if (!tensors.TryAdd(property.Name, property.Value))
            {
                throw Invalid(path, $"the header lists tensor '{property.Name}' twice; the file is damaged.");
            }
        }
        return (metadata, tensors);
    }

    private static Architecture ReadArchitecture(string path, JsonElement? metadata)
    {
        const string Fix = "this safetensors file was not saved by memlab; save networks with memlab to load them here.";
        if (metadata is not JsonElement meta || meta.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"the header has no __metadata__ object, so no memlab metadata; {Fix}");
        string? format = OptionalString(path, meta, "format", "__metadata__");
        if (format != FormatName)
            throw Invalid(path, $"__metadata__.format is {Quote(format)}, not \"{FormatName}\"; {Fix}");
        string? version = OptionalString(path, meta, "format_version", "__metadata__");
        if (version != FormatVersion && version != SparseFormatVersion)
            throw Invalid(path, $"__metadata__.format_version is {Quote(version)} but this memlab reads versions \"{FormatVersion}\" and \"{SparseFormatVersion}\"; load it with the memlab version that wrote it.");
        string memlab = OptionalString(path, meta, "memlab", "__metadata__")
            ?? throw Invalid(path, $"__metadata__ has no \"memlab\" entry with the architecture; {Fix}");

        using JsonDocument document = ParseJson(path, Encoding.UTF8.GetBytes(memlab), "__metadata__.memlab");
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"__metadata__.memlab is a JSON {Describe(root.ValueKind)}, not an object; {Fix}");
        JsonElement layerList = Required(path, root, "layers", JsonValueKind.Array, "memlab");
        if (layerList.GetArrayLength() == 0)
            throw Invalid(path, "__metadata__.memlab lists no layers; a network needs at least one.");
        var layers = new List<LayerShape>();
        foreach (JsonElement entry in layerList.EnumerateArray())
        {
            string where = $"memlab.layers[{layers.Count}]";
            if (entry.ValueKind != JsonValueKind.Object)
                throw Invalid(path, $"{where} is a JSON {Describe(entry.ValueKind)}, not an object with inputs, outputs and activation.");
            int inputs = PositiveInt(path, entry, "inputs", where);
            int outputs = PositiveInt(path, entry, "outputs", where);
            string activation = Required(path, entry, "activation", JsonValueKind.String, where).GetString()!;
            string? storage = OptionalString(path, entry, "storage", where);
            int? nonzeros = storage switch
            {
                null or "dense" => null,
                "csr" when version == SparseFormatVersion => NonNegativeInt(path, entry, "nonzeros", where),
                "csr" => throw Invalid(path, $"{where}.storage is \"csr\" but __metadata__.format_version is \"{version}\"; sparse layers need version \"{SparseFormatVersion}\", so the file is damaged."),
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
        string rule = Required(path, root, "output_rule", JsonValueKind.String, "memlab").GetString()!;
        OutputRule outputRule = rule switch
        {
            "sign" => OutputRule.Sign,
            "argmax" => OutputRule.Argmax,
            "value" => OutputRule.Value,
            _ => throw Invalid(path, $"memlab.output_rule is \"{rule}\"; expected sign, argmax or value."),
        };
        return new Architecture(layers, outputRule, ReadProvenance(path, Required(path, root, "provenance", JsonValueKind.Object, "memlab")));
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
            Required(path, provenance, "method", JsonValueKind.String, Where).GetString()!,
            Required(path, provenance, "options_json", JsonValueKind.String, Where).GetString()!,
            seed,
            OptionalString(path, provenance, "data_spec", Where),
            OptionalString(path, provenance, "data_hash", Where),
            Required(path, provenance, "memlab_version", JsonValueKind.String, Where).GetString()!);
    }

    /// <summary>Finds a tensor entry, checks its dtype and shape against the architecture and its offsets against the data section.</summary>
    private static PlacedTensor Place(string path, Dictionary<string, JsonElement> tensors, string name, int[] shape, TensorType type, long dataLength)
    {
        if (!tensors.TryGetValue(name, out JsonElement entry))
            throw Invalid(path, $"tensor '{name}' is missing; the architecture in __metadata__.memlab needs it.");
        if (entry.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"tensor '{name}' is a JSON {Describe(entry.ValueKind)}, not an object with dtype, shape and data_offsets.");
        string dtype = Required(path, entry, "dtype", JsonValueKind.String, name).GetString()!;
        if (dtype != type.Name)
            throw Invalid(path, $"tensor '{name}' has dtype {dtype}, but memlab networks store it as {type.Name} ({type.Description}).");
        JsonElement shapeArray = Required(path, entry, "shape", JsonValueKind.Array, name);
        if (!SameShape(shapeArray, shape))
            throw Invalid(path, $"tensor '{name}' has shape {shapeArray.GetRawText()} but the architecture says [{string.Join(",", shape)}]; the file is damaged or was not written by memlab: save the network again.");
        JsonElement offsets = Required(path, entry, "data_offsets", JsonValueKind.Array, name);
        if (offsets.GetArrayLength() != 2
            || !TryGetInteger(offsets[0], out long begin) || !TryGetInteger(offsets[1], out long end)
            || begin < 0 || end < begin)
            throw Invalid(path, $"tensor '{name}' has data_offsets {offsets.GetRawText()}; expected [begin, end] with 0 <= begin <= end.");
        if (end > dataLength)
            throw Invalid(path, $"tensor '{name}' has data_offsets [{begin},{end}] beyond the {dataLength} data bytes in the file; the file is truncated or damaged.");
        long bytes = type.Bytes * shape.Aggregate(1L, (product, size) => product * size);
        if (end - begin != bytes)
            throw Invalid(path, $"tensor '{name}' spans {end - begin} bytes (data_offsets [{begin},{end}]) but shape [{string.Join(",", shape)}] of {type.Name} needs {bytes}.");
        return new PlacedTensor(name, begin, end);
    }

    /// <summary>
    /// The safetensors rule: the tensors' byte ranges tile the data section exactly, with no overlap, no gap and no
    /// trailing bytes.
    /// </summary>
    private static void CheckContiguous(string path, List<PlacedTensor> tensors, long dataLength)
    {
        PlacedTensor[] byStart = tensors.OrderBy(t => t.Begin).ThenBy(t => t.End).ToArray();
        long expectedBegin = 0;
        string previous = "the start of the data";
        foreach (var tensor in byStart)
        {
            if (tensor.Begin < expectedBegin)
                throw Invalid(path, $"tensor '{tensor.Name}' [{tensor.Begin},{tensor.End}) overlaps {previous}, which ends at byte {expectedBegin}; the file is damaged.");
            if (tensor.Begin > expectedBegin)
                throw Invalid(path, $"there is a gap of {tensor.Begin - expectedBegin} bytes between {previous} and tensor '{tensor.Name}'; safetensors files have none, so the file is damaged.");
            expectedBegin = tensor.End;
            previous = $"tensor '{tensor.Name}'";
        }
        if (expectedBegin != dataLength)
            throw Invalid(path, $"has {dataLength - expectedBegin} bytes after the last tensor; safetensors files end with their last tensor, so the file is damaged or has something appended.");
    }

    private static double[] ReadWeights(string path, FileStream stream, long dataStart, PlacedTensor tensor, int? columns)
    {
        var values = new double[(tensor.End - tensor.Begin) / 8];
        stream.Position = dataStart + tensor.Begin;
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw Invalid(path, string.Create(CultureInfo.InvariantCulture, $"tensor '{tensor.Name}' holds {values[i]} at {(columns is int c ? $"row {i / c}, column {i % c}" : $"index {i}")}; network weights must be finite, so the file is damaged."));
        return values;
    }

    /// <summary>An I32 tensor; the <see cref="SparseLayer"/> built from it checks every index.</summary>
    private static int[] ReadIndices(FileStream stream, long dataStart, PlacedTensor tensor)
    {
        var values = new int[(tensor.End - tensor.Begin) / 4];
        stream.Position = dataStart + tensor.Begin;
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static bool SameShape(JsonElement shapeArray, int[] shape)
    {
        if (shapeArray.GetArrayLength() != shape.Length) return false;
        for (int i = 0; i < shape.Length; i++)
            if (!TryGetInteger(shapeArray[i], out long size) || size != shape[i]) return false;
        return true;
    }

    private static bool TryGetInteger(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }

    private static JsonElement Required(string path, JsonElement parent, string name, JsonValueKind kind, string where)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
            throw Invalid(path, $"{where} has no \"{name}\".");
        if (value.ValueKind != kind)
            throw Invalid(path, $"{where}.{name} is a JSON {Describe(value.ValueKind)}, expected a {Describe(kind)}.");
        return value;
    }

    private static string? OptionalString(string path, JsonElement parent, string name, string where)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw Invalid(path, $"{where}.{name} is a JSON {Describe(value.ValueKind)}, expected a string.");
        return value.GetString();
    }

    private static int PositiveInt(string path, JsonElement parent, string name, string where)
    {
        JsonElement value = Required(path, parent, name, JsonValueKind.Number, where);
        if (!value.TryGetInt32(out int result) || result < 1)
            throw Invalid(path, $"{where}.{name} is {value.GetRawText()}; expected a whole number >= 1.");
        return result;
    }

    private static int NonNegativeInt(string path, JsonElement parent, string name, string where)
    {
        JsonElement value = Required(path, parent, name, JsonValueKind.Number, where);
        if (!value.TryGetInt32(out int result) || result < 0)
            throw Invalid(path, $"{where}.{name} is {value.GetRawText()}; expected a whole number >= 0.");
        return result;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Quote(string? value) => value is null ? "missing" : $"\"{value}\"";

    private static MemLabException Invalid(string path, string message, Exception? inner = null) =>
        MemLabException.InvalidFile(path, message, inner);

    /// <summary>A layer as the metadata describes it; <paramref name="Nonzeros"/> is the stored entry count of a sparse (CSR) layer, null for a dense one.</summary>
    private sealed record LayerShape(int Inputs, int Outputs, Activation Activation, int? Nonzeros);

    /// <summary>A safetensors dtype memlab writes: its name in the header, bytes per element and what it holds.</summary>
    private sealed record TensorType(string Name, int Bytes, string Description);


    private sealed record Architecture(IReadOnlyList<LayerShape> Layers, OutputRule OutputRule, NetworkProvenance Provenance);

    private sealed record PlacedTensor(string Name, long Begin, long End);
}

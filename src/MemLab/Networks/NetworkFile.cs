using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

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

    /// <summary>How memlab writes the header and metadata JSON (non-ASCII text kept as it is).</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
        using var file = SafetensorsReader.Open(path, "Check the path to the saved network (a .safetensors file written by memlab).",
            "pass a network saved by memlab.");
        NetworkMetadata.Architecture architecture = NetworkMetadata.Read(path, file.Metadata);
        var placed = new SafetensorsTensor[architecture.Layers.Count][];
        for (int i = 0; i < placed.Length; i++)
        {
            NetworkMetadata.LayerShape shape = architecture.Layers[i];
            placed[i] = shape.Nonzeros is int nonzeros
                ?
                [
                    Place(file, $"layers.{i}.indptr", [shape.Outputs + 1], IndexType),
                    Place(file, $"layers.{i}.indices", [nonzeros], IndexType),
                    Place(file, $"layers.{i}.values", [nonzeros], WeightType),
                    Place(file, $"layers.{i}.bias", [shape.Outputs], WeightType),
                ]
                :
                [
                    Place(file, $"layers.{i}.weight", [shape.Outputs, shape.Inputs], WeightType),
                    Place(file, $"layers.{i}.bias", [shape.Outputs], WeightType),
                ];
        }
        file.RequireExactly(placed.SelectMany(p => p).ToList(),
            $"a memlab network with {architecture.Layers.Count} layers holds per layer i layers.i.weight and layers.i.bias (dense) or layers.i.indptr, indices, values and bias (sparse), as its metadata says.");

        var layers = new Layer[placed.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            NetworkMetadata.LayerShape shape = architecture.Layers[i];
            if (shape.Nonzeros is null)
            {
                layers[i] = new DenseLayer(shape.Inputs, shape.Outputs, file.ReadDoubles(placed[i][0], shape.Inputs), file.ReadDoubles(placed[i][1], null), shape.Activation);
                continue;
            }
            int[] rowStarts = file.ReadInt32(placed[i][0]), columns = file.ReadInt32(placed[i][1]);
            double[] values = file.ReadDoubles(placed[i][2], null), bias = file.ReadDoubles(placed[i][3], null);
            try
            {
                layers[i] = new SparseLayer(shape.Inputs, shape.Outputs, rowStarts, columns, values, bias, shape.Activation);
            }
            catch (MemLabException e) when (e.Kind == MemLabErrorKind.InvalidData)
            {
                throw file.Invalid($"layer {i}'s CSR tensors do not describe a valid sparse matrix, so the file is damaged: {e.Message}", e);
            }
        }
        try
        {
            return new Network(layers, architecture.OutputRule, architecture.Provenance);
        }
        catch (MemLabException e) when (e.Kind == MemLabErrorKind.InvalidData)
        {
            throw file.Invalid($"its architecture describes an impossible network: {e.Message}", e);
        }
    }

    /// <summary>The padded UTF-8 JSON header: metadata first, then each layer's weight and bias in file order.</summary>
    private static byte[] Header(Network network)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            NetworkMetadata.Write(json, network);
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

    /// <summary>The tensor <paramref name="name"/>, checked to have the dtype and shape the architecture gives it.</summary>
    private static SafetensorsTensor Place(SafetensorsReader file, string name, int[] shape, TensorType type)
    {
        SafetensorsTensor tensor = file.Tensor(name, [type.Name], $"memlab networks store it as {type.Name} ({type.Description}).")
            ?? throw file.Invalid($"tensor '{name}' is missing; the architecture in __metadata__.memlab needs it.");
        if (!tensor.Shape.SequenceEqual(shape.Select(size => (long)size)))
            throw file.Invalid($"tensor '{name}' has shape {tensor.ShapeText} but the architecture says [{string.Join(",", shape)}]; the file is damaged or was not written by memlab: save the network again.");
        return tensor;
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

    /// <summary>A safetensors dtype memlab writes: its name in the header, bytes per element and what it holds.</summary>
    private sealed record TensorType(string Name, int Bytes, string Description);
}

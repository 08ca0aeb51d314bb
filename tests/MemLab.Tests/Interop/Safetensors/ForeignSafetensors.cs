using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace MemLab.Tests.Interop.Safetensors;

/// <summary>
/// Writes safetensors files the way another tool would (here by hand, following the public format: 8-byte
/// little-endian header length, JSON header, raw little-endian data), so imports are tested on bytes memlab did not write.
/// </summary>
internal static class ForeignSafetensors
{
    public sealed record Tensor(string Name, string Dtype, long[] Shape, byte[] Data);

    public static Tensor F32(string name, long[] shape, params float[] values) =>
        new(name, "F32", shape, values.SelectMany(BitConverter.GetBytes).ToArray());

    public static Tensor F64(string name, long[] shape, params double[] values) =>
        new(name, "F64", shape, values.SelectMany(BitConverter.GetBytes).ToArray());

    public static void Write(string path, IReadOnlyDictionary<string, string>? metadata, params Tensor[] tensors)
    {
        var header = new Dictionary<string, object>();
        if (metadata is not null) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var tensor in tensors)
        {
            header[tensor.Name] = new Dictionary<string, object>
            {
                ["dtype"] = tensor.Dtype,
                ["shape"] = tensor.Shape,
                ["data_offsets"] = new[] { offset, offset + tensor.Data.Length },
            };
            offset += tensor.Data.Length;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var stream = File.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
        stream.Write(prefix);
        stream.Write(json);
        foreach (var tensor in tensors) stream.Write(tensor.Data);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace MemLab.Tests.Hostile;

/// <summary>Writers of hostile input files for the hostile-input suite: hand-made .npy arrays and safetensors files.</summary>
internal static class HostileFiles
{
    /// <summary>A version 1.0 .npy file of float64 values in C order with the given shape.</summary>
    public static void Npy(string path, long[] shape, double[] values)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        stream.Write(length);
        stream.Write(Encoding.Latin1.GetBytes(header));
        Span<byte> bytes = stackalloc byte[8];
        foreach (double value in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
            stream.Write(bytes);
        }
    }

    /// <summary>
    /// A one-layer safetensors MLP in the documented interchange layout (F64 layers.0.weight [1, 2] and layers.0.bias [1],
    /// threshold activation, sign output), with the bias placed at <paramref name="biasOffset"/> in the data section.
    /// </summary>
    public static void Mlp(string path, double[] weights, double bias, long biasOffset = 16)
    {
        string header = "{\"__metadata__\":{\"activations\":\"threshold\",\"output_rule\":\"sign\"}," +
            "\"layers.0.weight\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[0,16]}," +
            $"\"layers.0.bias\":{{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[{biasOffset},{biasOffset + 8}]}}}}";
        byte[] json = Encoding.UTF8.GetBytes(header);
        var data = new byte[Math.Max(24, biasOffset + 8)];
        BinaryPrimitives.WriteDoubleLittleEndian(data, weights[0]);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), weights[1]);
        if (biasOffset >= 16) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan((int)biasOffset), bias);
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        stream.Write(length);
        stream.Write(json);
        stream.Write(data);
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using MemLab.Interop.Onnx.Proto;
using MemLab.Networks;

namespace MemLab.Interop.Onnx;

/// <summary>
/// Writes a <see cref="Network"/> as an ONNX model (protobuf, through Google.Protobuf) that any ONNX runtime can
/// evaluate. The graph has one input and one or two outputs:
/// <list type="bullet">
/// <item><c>input</c>: [N, d] points, float32 (or float64 with <see cref="Precision.Float64"/>), N free.</item>
/// <item><c>scores</c>: [N, K] the last layer's outputs after its activation, the same type; K = <see cref="Network.OutputCount"/>.</item>
/// <item><c>label</c>: [N] int64 predicted class, for Sign (1 if score &gt; 0, else 0) and Argmax (index of the
/// largest score; ONNX ArgMax picks the first of tied maxima where memlab reports a failure) networks; absent for Value networks.</item>
/// </list>
/// Layer i is <c>Gemm(a, layers.i.weight, layers.i.bias, transB = 1)</c> with the weight stored [out, in] as memlab
/// stores it (a <see cref="SparseLayer"/>'s weight as a sparse initializer holding only its stored entries, which
/// ONNX Runtime expands to a dense matrix when it loads the model), then <c>Relu</c>, nothing (identity), or a threshold written <c>Cast(Greater(t, 0))</c> so H(0) = 0.
/// The memlab version, output rule and provenance go into the model's metadata_props.
/// </summary>
public static class OnnxModel
{
    /// <summary>The name of the graph input, [N, d].</summary>
    public const string InputName = "input";

    /// <summary>The name of the real-valued graph output, [N, K].</summary>
    public const string ScoresName = "scores";

    /// <summary>The name of the int64 class output, [N] (Sign and Argmax networks only).</summary>
    public const string LabelName = "label";

    /// <summary>The serialized ONNX model of <paramref name="network"/>.</summary>
    /// <exception cref="MemLabException">Invalid options (see <see cref="OnnxExportOptions.Validate"/>).</exception>
    public static byte[] Export(Network network, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Precision == Precision.Float32) RequireFloat32Range(network);
        return Build(network, options).ToByteArray();
    }

    /// <summary>Writes <see cref="Export"/>'s bytes to <paramref name="path"/>, replacing any file there.</summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="MemLabException">Invalid options, or the path cannot be written.</exception>
    public static long Save(Network network, string path, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        OutputPath.Require(path);
        byte[] bytes = Export(network, options);
        AtomicFile.WriteBytes(path, bytes);
        return bytes.Length;
    }

    /// <summary>Refuses a network with a weight or bias beyond float32's range, which a float32 model would hold as infinity.</summary>
    private static void RequireFloat32Range(Network network)
    {
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Layer layer = network.Layers[l];
            foreach (var (name, values) in new[] { ("weight", layer.StoredWeights.ToArray()), ("bias", layer.Bias.ToArray()) })
            {
                int beyond = Array.FindIndex(values, v => Math.Abs(v) > float.MaxValue);
                if (beyond >= 0)
                    throw MemLabException.InvalidData(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"Layer {l} {name} value {beyond} is {values[beyond]:G6}, beyond float32's largest {float.MaxValue:G6}; a float32 model would hold infinity. Export with --precision float64."));
            }
        }
    }

    /// <summary>The IR version each supported opset was released with (ONNX's versioning table).</summary>
    internal static long IrVersion(int opset) => opset switch
    {
        17 or 18 => 8,
        19 or 20 => 9,
        21 or 22 => 10,
        _ => 11,
    };

    private static ModelProto Build(Network network, OnnxExportOptions options)
    {
        bool isDouble = options.Precision == Precision.Float64;
        var type = isDouble ? TensorProto.Types.DataType.Double : TensorProto.Types.DataType.Float;
        var graph = new GraphProto { Name = "memlab" };
        graph.Input.Add(Value(InputName, type, "N", network.InputCount));
        graph.Initializer.Add(Tensor("zero", type, [], isDouble ? BitConverter.GetBytes(0.0) : BitConverter.GetBytes(0f)));

        string current = InputName;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            bool last = i == network.Layers.Count - 1;
            string weight = $"layers.{i}.weight", bias = $"layers.{i}.bias";
            if (layer is SparseLayer sparse)
                graph.SparseInitializer.Add(SparseTensor(weight, type, sparse, isDouble));
            else
                graph.Initializer.Add(Tensor(weight, type, [layer.OutputCount, layer.InputCount], Values(layer.StoredWeights, isDouble)));
            graph.Initializer.Add(Tensor(bias, type, [layer.OutputCount], Values(layer.Bias, isDouble)));
            string output = last ? ScoresName : $"layers.{i}.output";
            string affine = layer.Activation == Activation.Identity ? output : $"layers.{i}.preactivation";
            graph.Node.Add(Node("Gemm", $"layers.{i}.gemm", [current, weight, bias], [affine], IntAttribute("transB", 1)));
            switch (layer.Activation)
            {
                case Activation.Relu:
                    graph.Node.Add(Node("Relu", $"layers.{i}.relu", [affine], [output]));
                    break;
                case Activation.Threshold:
                    graph.Node.Add(Node("Greater", $"layers.{i}.positive", [affine, "zero"], [$"layers.{i}.positive"]));
                    graph.Node.Add(Node("Cast", $"layers.{i}.step", [$"layers.{i}.positive"], [output], IntAttribute("to", (long)type)));
                    break;
                case Activation.Identity:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(network), layer.Activation, "Unknown activation.");
            }
            current = output;
        }
        graph.Output.Add(Value(ScoresName, type, "N", network.OutputCount));
        AddLabel(graph, network.OutputRule);

        var model = new ModelProto
        {
            IrVersion = IrVersion(options.Opset),
            ProducerName = "memlab",
            ProducerVersion = NetworkProvenance.CurrentVersion,
            DocString = "A network exported by memlab: input [N, d] -> scores [N, K]" +
                (network.OutputRule == OutputRule.Value ? "." : " and label [N] (int64 class)."),
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        NetworkProvenance provenance = network.Provenance;
        AddMetadata(model, "memlab.output_rule", network.OutputRule.ToString().ToLowerInvariant());
        AddMetadata(model, "memlab.method", provenance.Method);
        AddMetadata(model, "memlab.options_json", provenance.OptionsJson);
        AddMetadata(model, "memlab.seed", provenance.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        AddMetadata(model, "memlab.data_spec", provenance.DataSpec ?? "");
        AddMetadata(model, "memlab.memlab_version", provenance.MemLabVersion);
        return model;
    }

    /// <summary>Adds the int64 <c>label</c> output: sign as Greater + Cast + Squeeze, argmax as ArgMax; nothing for Value.</summary>
    private static void AddLabel(GraphProto graph, OutputRule rule)
    {
        switch (rule)
        {
            case OutputRule.Sign:
                graph.Initializer.Add(Tensor("label.axes", TensorProto.Types.DataType.Int64, [1], BitConverter.GetBytes(1L)));
                graph.Node.Add(Node("Greater", "label.positive", [ScoresName, "zero"], ["label.positive"]));
                graph.Node.Add(Node("Cast", "label.cast", ["label.positive"], ["label.column"], IntAttribute("to", (long)TensorProto.Types.DataType.Int64)));
                graph.Node.Add(Node("Squeeze", "label.squeeze", ["label.column", "label.axes"], [LabelName]));
                break;
            case OutputRule.Argmax:
                graph.Node.Add(Node("ArgMax", "label.argmax", [ScoresName], [LabelName], IntAttribute("axis", 1), IntAttribute("keepdims", 0)));
                break;
            case OutputRule.Value:
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown output rule.");
        }
        graph.Output.Add(Value(LabelName, TensorProto.Types.DataType.Int64, "N"));
    }

    private static byte[] Values(ReadOnlySpan<double> values, bool isDouble)
    {
        if (isDouble) return MemoryMarshal.AsBytes(values).ToArray();
        var narrowed = new float[values.Length];
        for (int i = 0; i < values.Length; i++) narrowed[i] = (float)values[i];
        return MemoryMarshal.AsBytes(narrowed.AsSpan()).ToArray();
    }

    /// <summary>
    /// A sparse layer's W as an ONNX sparse initializer: its stored values and, as int64, their linear indices
    /// row x InputCount + column (ascending, as ONNX requires, because CSR rows are in order and columns increase).
    /// </summary>
    private static SparseTensorProto SparseTensor(string name, TensorProto.Types.DataType type, SparseLayer layer, bool isDouble)
    {
        var indices = new long[layer.Values.Length];
        for (int j = 0; j < layer.OutputCount; j++)
            for (int k = layer.RowStarts[j]; k < layer.RowStarts[j + 1]; k++)
                indices[k] = (long)j * layer.InputCount + layer.Columns[k];
        var tensor = new SparseTensorProto
        {
            Values = Tensor(name, type, [indices.Length], Values(layer.Values, isDouble)),
            Indices = Tensor($"{name}.indices", TensorProto.Types.DataType.Int64, [indices.Length], MemoryMarshal.AsBytes(indices.AsSpan()).ToArray()),
        };
        tensor.Dims.AddRange([layer.OutputCount, layer.InputCount]);
        return tensor;
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, long[] dims, byte[] littleEndian)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("memlab writes ONNX tensors on little-endian machines only.");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndian) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name, Domain = "" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A graph input or output: a tensor of <paramref name="type"/>, first dimension named <paramref name="rows"/>, then fixed sizes.</summary>
    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, string rows, params int[] columns)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = rows });
        foreach (int size in columns) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = size });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static void AddMetadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}

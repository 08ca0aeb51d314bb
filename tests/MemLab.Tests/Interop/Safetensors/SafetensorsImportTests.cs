using MemLab.Interop;
using MemLab.Interop.Onnx;
using MemLab.Interop.Safetensors;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using static MemLab.Tests.Interop.Safetensors.ForeignSafetensors;

namespace MemLab.Tests.Interop.Safetensors;

public sealed class SafetensorsImportTests : IDisposable
{
    private static readonly IBlas Blas = new ManagedBlas(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("memlab-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static readonly Dictionary<string, string> ReluArgmax = new() { ["activations"] = "relu,identity", ["output_rule"] = "argmax" };

    [Theory]
    [MemberData(nameof(ExportCases.Names), MemberType = typeof(ExportCases))]
    public void ExportThenImport_GivesTheIdenticalNetwork(string name)
    {
        var (network, _) = ExportCases.Build(name);
        string exported = PathOf("exported.safetensors");
        NetworkExport.Export(network, ExportFormat.Safetensors, exported, new OnnxExportOptions(), null, Blas);
        var imported = SafetensorsImport.Import(exported);
        Assert.Equal(network.OutputRule, imported.OutputRule);
        Assert.Equal(network.Provenance, imported.Provenance);
        Assert.Equal(network.Layers.Count, imported.Layers.Count);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Assert.Equal(network.Layers[l].Activation, imported.Layers[l].Activation);
            Assert.Equal(network.Layers[l].InputCount, imported.Layers[l].InputCount);
            Assert.Equal(Bits(network.Layers[l].StoredWeights), Bits(imported.Layers[l].StoredWeights));
            Assert.Equal(Bits(network.Layers[l].Bias), Bits(imported.Layers[l].Bias));
        }
    }

    private static long[] Bits(ReadOnlySpan<double> values) => values.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void Import_ForeignFloat32File_WidensExactlyAndKeepsTheArchitecture()
    {
        string path = PathOf("torch.safetensors");
        Write(path, ReluArgmax,
            F32("layers.0.weight", [3, 2], 0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f),
            F32("layers.0.bias", [3], 0.01f, 0.02f, 0.03f),
            F32("layers.1.weight", [2, 3], 1, 2, 3, 4, 5, 6),
            F32("layers.1.bias", [2], -1, 1));
        var network = SafetensorsImport.Import(path);
        Assert.Equal([3, 2], network.Widths);
        Assert.Equal(OutputRule.Argmax, network.OutputRule);
        Assert.Equal([Activation.Relu, Activation.Identity], network.Layers.Select(l => l.Activation));
        Assert.Equal((double)0.1f, network.Layers[0].StoredWeights[0]);
        Assert.Equal((double)-0.5f, network.Layers[0].StoredWeights[4]);
        Assert.Equal("import", network.Provenance.Method);
        Assert.Contains("torch.safetensors", network.Provenance.OptionsJson);
    }

    [Fact]
    public void Import_MissingTensor_NamesIt()
    {
        string path = PathOf("missing.safetensors");
        Write(path, ReluArgmax,
            F64("layers.0.weight", [3, 2], 1, 2, 3, 4, 5, 6),
            F64("layers.0.bias", [3], 1, 2, 3),
            F64("layers.1.weight", [2, 3], 1, 2, 3, 4, 5, 6));
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("tensor 'layers.1.bias' is missing", error.Message);
    }

    [Fact]
    public void Import_WeightThatDoesNotChain_NamesTheTensorAndTheShapeItNeeds()
    {
        string path = PathOf("chain.safetensors");
        Write(path, ReluArgmax,
            F64("layers.0.weight", [3, 2], 1, 2, 3, 4, 5, 6),
            F64("layers.0.bias", [3], 1, 2, 3),
            F64("layers.1.weight", [2, 4], 1, 2, 3, 4, 5, 6, 7, 8),
            F64("layers.1.bias", [2], 1, 2));
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Contains("tensor 'layers.1.weight' has shape [2, 4]", error.Message);
        Assert.Contains("must be [2, 3]", error.Message);
    }

    [Fact]
    public void Import_BiasOfTheWrongLength_NamesTheTensor()
    {
        string path = PathOf("bias.safetensors");
        Write(path, new Dictionary<string, string> { ["activations"] = "identity", ["output_rule"] = "argmax" },
            F64("layers.0.weight", [3, 2], 1, 2, 3, 4, 5, 6),
            F64("layers.0.bias", [2], 1, 2));
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Contains("tensor 'layers.0.bias' has shape [2]", error.Message);
        Assert.Contains("must be [3]", error.Message);
    }

    [Fact]
    public void Import_ExtraTensor_NamesItAndTheLayerCount()
    {
        string path = PathOf("extra.safetensors");
        Write(path, new Dictionary<string, string> { ["activations"] = "identity", ["output_rule"] = "sign" },
            F64("layers.0.weight", [1, 2], 1, 2),
            F64("layers.0.bias", [1], 1),
            F64("layers.1.weight", [1, 1], 1));
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Contains("tensor 'layers.1.weight'", error.Message);
        Assert.Contains("1 activations", error.Message);
    }

    [Fact]
    public void Import_NoActivationsMetadata_SaysWhatToAdd()
    {
        string path = PathOf("bare.safetensors");
        Write(path, null, F64("layers.0.weight", [1, 2], 1, 2), F64("layers.0.bias", [1], 1));
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Contains("no \"activations\" entry", error.Message);
    }

    [Theory]
    [InlineData("relu,tanh", "sign", "activations entry 1 is \"tanh\"")]
    [InlineData("relu", "softmax", "output_rule is \"softmax\"")]
    public void Import_UnknownWords_NameTheEntry(string activations, string rule, string expected)
    {
        string path = PathOf("words.safetensors");
        Write(path, new Dictionary<string, string> { ["activations"] = activations, ["output_rule"] = rule },
            F64("layers.0.weight", [1, 2], 1, 2), F64("layers.0.bias", [1], 1));
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Import_IntegerTensor_NamesTheDtype()
    {
        string path = PathOf("int.safetensors");
        Write(path, new Dictionary<string, string> { ["activations"] = "identity", ["output_rule"] = "value" },
            new Tensor("layers.0.weight", "I64", [1, 1], BitConverter.GetBytes(3L)), F64("layers.0.bias", [1], 1));
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Contains("tensor 'layers.0.weight' has dtype I64", error.Message);
    }

    [Fact]
    public void Import_NotSafetensors_SaysSo()
    {
        string path = PathOf("text.safetensors");
        File.WriteAllText(path, "hello, this is not a tensor file");
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("not a safetensors file", error.Message);
    }

    [Theory]
    [InlineData(24, "gap of 8 bytes between tensor 'layers.0.weight' and tensor 'layers.0.bias'")]
    [InlineData(8, "tensor 'layers.0.bias' [8,16) overlaps tensor 'layers.0.weight'")]
    public void Import_TensorsThatDoNotTileTheData_AreRefusedAsALoadRefusesThem(long biasOffset, string expected)
    {
        // One reader checks both kinds of file: a foreign file gets the container checks of a memlab file.
        string path = PathOf("tiling.safetensors");
        Hostile.HostileFiles.Mlp(path, [1, 2], 0.5, biasOffset);
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Import_TensorNamedTwice_IsRefused()
    {
        string path = PathOf("twice.safetensors");
        string header = "{\"__metadata__\":{\"activations\":\"identity\",\"output_rule\":\"value\"}," +
            "\"layers.0.weight\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]}," +
            "\"layers.0.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}," +
            "\"layers.0.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        byte[] json = System.Text.Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. BitConverter.GetBytes(1.0), .. BitConverter.GetBytes(2.0)]);
        var error = Assert.Throws<MemLabException>(() => SafetensorsImport.Import(path));
        Assert.Contains("tensor 'layers.0.bias' twice", error.Message);
    }
}

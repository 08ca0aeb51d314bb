using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

public sealed class NetworkFileTests : IDisposable
{
    private const string MinimalMemLab =
        """{"layers":[{"inputs":2,"outputs":1,"activation":"identity"}],"output_rule":"value","provenance":{"method":"hand","options_json":"{}","seed":7,"data_spec":null,"data_hash":null,"memlab_version":"0.1.0"}}""";

    private const string MinimalTensors =
        ""","layers.0.weight":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"layers.0.bias":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}""";

    private static readonly IBlas Blas = new ManagedBlas(2);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("memlab-networkfile-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void SaveThenLoad_RandomNetwork_GivesIdenticalWeightsAndPredictions()
    {
        Network saved = TestNetworks.Random(new Seed(3), [6, 10, 4, 3], Activation.Relu, Activation.Identity, OutputRule.Argmax)
            .WithProvenance(new NetworkProvenance("finke", """{"width":10,"note":"é \"quoted\""}""", ulong.MaxValue, "moons:n=10", "abc123", "0.1.0"));
        float[] inputs = TestNetworks.RandomInputs(new Seed(4), 50, 6);
        string path = PathFor("random.safetensors");

        NetworkFile.Save(saved, path);
        Network loaded = NetworkFile.Load(path);

        Assert.Equal(saved.Layers.Count, loaded.Layers.Count);
        for (int l = 0; l < saved.Layers.Count; l++)
        {
            Assert.Equal(Bits(saved.Layers[l].StoredWeights), Bits(loaded.Layers[l].StoredWeights));
            Assert.Equal(Bits(saved.Layers[l].Bias), Bits(loaded.Layers[l].Bias));
            Assert.Equal(saved.Layers[l].Activation, loaded.Layers[l].Activation);
        }
        Assert.Equal(saved.OutputRule, loaded.OutputRule);
        Assert.Equal(saved.Provenance, loaded.Provenance);
        foreach (Precision precision in new[] { Precision.Float64, Precision.Float32 })
            Assert.Equal(ForwardPass.Evaluate(saved, inputs, 50, Blas, precision), ForwardPass.Evaluate(loaded, inputs, 50, Blas, precision));
    }

    [Fact]
    public void SaveThenLoad_SparseLayers_StoresOnlyTheirEntriesAndReadsThemBackBitForBit()
    {
        var (sparse, dense) = TestNetworks.RandomSparse(new Seed(5), [30, 20, 10, 3], 0.1, Activation.Relu, Activation.Identity, OutputRule.Argmax);
        Network saved = new([dense.Layers[0], sparse.Layers[1], sparse.Layers[2]], OutputRule.Argmax, sparse.Provenance);
        float[] inputs = TestNetworks.RandomInputs(new Seed(6), 40, 30);
        string path = PathFor("sparse.safetensors");

        NetworkFile.Save(saved, path);
        Network loaded = NetworkFile.Load(path);

        Assert.IsType<DenseLayer>(loaded.Layers[0]);
        for (int l = 1; l < 3; l++)
        {
            var before = (SparseLayer)saved.Layers[l];
            var after = Assert.IsType<SparseLayer>(loaded.Layers[l]);
            Assert.Equal(before.RowStarts.ToArray(), after.RowStarts.ToArray());
            Assert.Equal(before.Columns.ToArray(), after.Columns.ToArray());
            Assert.Equal(Bits(before.Values), Bits(after.Values));
            Assert.Equal(Bits(before.Bias), Bits(after.Bias));
        }
        Assert.Equal(saved.ParameterCount, loaded.ParameterCount);
        Assert.Equal(ForwardPass.Evaluate(dense, inputs, 40, Blas, Precision.Float64), ForwardPass.Evaluate(loaded, inputs, 40, Blas, Precision.Float64));
        // The header names the CSR tensors and version 2; the data is 8 bytes per stored weight and bias plus 4 per index.
        var header = JsonDocument.Parse(ReadHeader(path)).RootElement;
        Assert.Equal("2", header.GetProperty("__metadata__").GetProperty("format_version").GetString());
        var values = (SparseLayer)saved.Layers[1];
        Assert.Equal([values.Values.Length], header.GetProperty("layers.1.values").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("I32", header.GetProperty("layers.1.indices").GetProperty("dtype").GetString());
        Assert.False(header.TryGetProperty("layers.1.weight", out _));
        long dataBytes = 8L * (30 * 20 + 20) + saved.Layers.Skip(1).Sum(l => 8L * l.ParameterCount + 4L * (((SparseLayer)l).Columns.Length + l.OutputCount + 1));
        Assert.Equal(dataBytes, new FileInfo(path).Length - 8 - Encoding.UTF8.GetByteCount(ReadHeader(path)));
    }

    [Theory]
    [InlineData(new[] { 0, 2 }, new[] { 1, 0 }, "lists column 0 after column 1")]
    [InlineData(new[] { 0, 2 }, new[] { 0, 5 }, "column 5, outside 0 .. 1")]
    [InlineData(new[] { 0, 3 }, new[] { 0, 1 }, "must run from 0 to 2")]
    public void Load_SparseLayerWithBadIndices_ThrowsInvalidFileNamingTheProblem(int[] rowStarts, int[] columns, string fragment)
    {
        const string memlab = """{"layers":[{"inputs":2,"outputs":1,"activation":"identity","storage":"csr","nonzeros":2}],"output_rule":"value","provenance":{"method":"hand","options_json":"{}","seed":7,"data_spec":null,"data_hash":null,"memlab_version":"0.1.0"}}""";
        const string tensors = ""","layers.0.indptr":{"dtype":"I32","shape":[2],"data_offsets":[0,8]},"layers.0.indices":{"dtype":"I32","shape":[2],"data_offsets":[8,16]},"layers.0.values":{"dtype":"F64","shape":[2],"data_offsets":[16,32]},"layers.0.bias":{"dtype":"F64","shape":[1],"data_offsets":[32,40]}""";
        var data = new byte[40];
        for (int i = 0; i < 2; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4 * i), rowStarts[i]);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8 + 4 * i), columns[i]);
        }
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(16), 0.5);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(24), -2);
        string header = Header(memlab, tensors).Replace("\"format_version\":\"1\"", "\"format_version\":\"2\"");

        string path = WriteBytes("badcsr.safetensors", header, data);

        AssertInvalid(path, fragment);
        AssertInvalid(path, "CSR tensors");
        if (fragment.StartsWith("lists", StringComparison.Ordinal))
            AssertInvalid(WriteBytes("v1csr.safetensors", Header(memlab, tensors), data), "sparse layers need version \"2\"");
    }

    [Fact]
    public void SaveThenLoad_ThresholdNetworkWithoutSeed_KeepsActivationsAndNullProvenance()
    {
        string path = PathFor("xor.safetensors");

        NetworkFile.Save(TestNetworks.Xor(), path);
        Network loaded = NetworkFile.Load(path);

        Assert.Equal([Activation.Threshold, Activation.Identity], loaded.Layers.Select(l => l.Activation));
        Assert.Equal(OutputRule.Sign, loaded.OutputRule);
        Assert.Equal(TestNetworks.Xor().Provenance, loaded.Provenance);
        Assert.Null(loaded.Provenance.Seed);
    }

    [Fact]
    public void Save_Network_WritesTheSafetensorsLayout()
    {
        Network network = TestNetworks.Random(new Seed(1), [3, 4, 2], Activation.Threshold, Activation.Identity, OutputRule.Argmax);
        string path = PathFor("layout.safetensors");

        NetworkFile.Save(network, path);

        byte[] file = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0, headerLength % 8);
        Assert.Equal(8 + headerLength + 8 * network.ParameterCount, file.Length);
        Assert.Equal((byte)'{', file[8]);
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        JsonElement metadata = header.RootElement.GetProperty("__metadata__");
        Assert.Equal("memlab-network", metadata.GetProperty("format").GetString());
        Assert.Equal("1", metadata.GetProperty("format_version").GetString());
        using JsonDocument memlab = JsonDocument.Parse(metadata.GetProperty("memlab").GetString()!);
        Assert.Equal(["threshold", "identity"], memlab.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("activation").GetString()));
        Assert.Equal("argmax", memlab.RootElement.GetProperty("output_rule").GetString());

        // Tensors are contiguous in layer order, and their bytes are the little-endian float64 values.
        (string Name, int[] Shape, double[] Values)[] expected =
        [
            ("layers.0.weight", [4, 3], network.Layers[0].StoredWeights.ToArray()),
            ("layers.0.bias", [4], network.Layers[0].Bias.ToArray()),
            ("layers.1.weight", [2, 4], network.Layers[1].StoredWeights.ToArray()),
            ("layers.1.bias", [2], network.Layers[1].Bias.ToArray()),
        ];
        long offset = 0;
        foreach ((string name, int[] shape, double[] values) in expected)
        {
            JsonElement tensor = header.RootElement.GetProperty(name);
            Assert.Equal("F64", tensor.GetProperty("dtype").GetString());
            Assert.Equal(shape, tensor.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()));
            Assert.Equal([offset, offset + 8 * values.Length], tensor.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()));
            for (int i = 0; i < values.Length; i++)
                Assert.Equal(values[i], BinaryPrimitives.ReadDoubleLittleEndian(file.AsSpan((int)(8 + headerLength + offset + 8 * i), 8)));
            offset += 8 * values.Length;
        }
    }

    [Fact]
    public void Load_HandWrittenMinimalFile_GivesThatNetwork()
    {
        string path = Write("minimal.safetensors", Header(MinimalMemLab, MinimalTensors), 0.5, -2, 0.25);

        Network network = NetworkFile.Load(path);

        var layer = Assert.IsType<DenseLayer>(Assert.Single(network.Layers));
        Assert.Equal((2, 1, Activation.Identity), (layer.InputCount, layer.OutputCount, layer.Activation));
        Assert.Equal([0.5, -2], layer.Weights.ToArray());
        Assert.Equal([0.25], layer.Bias.ToArray());
        Assert.Equal(OutputRule.Value, network.OutputRule);
        Assert.Equal(new NetworkProvenance("hand", "{}", 7, null, null, "0.1.0"), network.Provenance);
        Assert.Equal([0.25], ForwardPass.Evaluate(network, [4f, 1f], 1, Blas, Precision.Float64)); // 0.5*4 - 2*1 + 0.25
    }

    [Fact]
    public void Save_OverExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string path = PathFor("model.safetensors");
        NetworkFile.Save(TestNetworks.Xor(), path);
        Network replacement = TestNetworks.Random(new Seed(2), [2, 3, 1], Activation.Relu, Activation.Identity, OutputRule.Value);

        NetworkFile.Save(replacement, path);

        Assert.Equal([path], Directory.GetFiles(_folder.FullName));
        Assert.Equal(OutputRule.Value, NetworkFile.Load(path).OutputRule);
    }

    [Fact]
    public void Save_IntoMissingFolder_ThrowsFileNotFound()
    {
        string folder = Path.Combine(_folder.FullName, "absent");

        var error = Assert.Throws<MemLabException>(() => NetworkFile.Save(TestNetworks.Xor(), Path.Combine(folder, "x.safetensors")));

        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
        Assert.Contains(folder, error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        string path = PathFor("nowhere.safetensors");

        var error = Assert.Throws<MemLabException>(() => NetworkFile.Load(path));

        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Load_FileShorterThanTheLengthPrefix_ThrowsInvalidFile()
    {
        string path = PathFor("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        AssertInvalid(path, "3 bytes long");
    }

    [Fact]
    public void Load_HeaderLengthBeyondFileSize_ThrowsInvalidFile()
    {
        string path = PathFor("truncated.safetensors");
        var bytes = new byte[20];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(path, bytes);

        AssertInvalid(path, "header length is 1000 bytes but only 12 bytes follow");
    }

    [Fact]
    public void Load_HeaderNotJson_ThrowsInvalidFile()
    {
        AssertInvalid(Write("bad.safetensors", "{not json"), "header is not valid JSON");
    }

    [Fact]
    public void Load_HeaderNotAnObject_ThrowsInvalidFile()
    {
        AssertInvalid(Write("array.safetensors", "[1, 2]"), "is a JSON array");
    }

    [Fact]
    public void Load_NoMetadata_ThrowsInvalidFile()
    {
        AssertInvalid(Write("plain.safetensors", "{" + MinimalTensors[1..] + "}", 0.5, -2, 0.25), "no __metadata__");
    }

    [Fact]
    public void Load_OtherFormat_ThrowsInvalidFileNamingIt()
    {
        string header = Header(MinimalMemLab, MinimalTensors).Replace("memlab-network", "pytorch");

        AssertInvalid(Write("other.safetensors", header, 0.5, -2, 0.25), "format is \"pytorch\"");
    }

    [Fact]
    public void Load_NewerFormatVersion_ThrowsInvalidFileNamingIt()
    {
        string header = Header(MinimalMemLab, MinimalTensors).Replace("\"format_version\":\"1\"", "\"format_version\":\"3\"");

        AssertInvalid(Write("v3.safetensors", header, 0.5, -2, 0.25), "format_version is \"3\"");
    }

    [Fact]
    public void Load_MemLabMetadataNotJson_ThrowsInvalidFile()
    {
        AssertInvalid(Write("meta.safetensors", Header("{layers:", MinimalTensors), 0.5, -2, 0.25), "__metadata__.memlab is not valid JSON");
    }

    [Fact]
    public void Load_UnknownActivation_ThrowsInvalidFileNamingIt()
    {
        string memlab = MinimalMemLab.Replace("identity", "sigmoid");

        AssertInvalid(Write("sigmoid.safetensors", Header(memlab, MinimalTensors), 0.5, -2, 0.25), "activation is \"sigmoid\"");
    }

    [Fact]
    public void Load_TensorMissing_ThrowsInvalidFileNamingIt()
    {
        string tensors = ""","layers.0.weight":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]}""";

        AssertInvalid(Write("nobias.safetensors", Header(MinimalMemLab, tensors), 0.5, -2), "tensor 'layers.0.bias' is missing");
    }

    [Fact]
    public void Load_ExtraTensor_ThrowsInvalidFileNamingIt()
    {
        string tensors = MinimalTensors + ""","layers.1.weight":{"dtype":"F64","shape":[1],"data_offsets":[24,32]}""";

        AssertInvalid(Write("extra.safetensors", Header(MinimalMemLab, tensors), 0.5, -2, 0.25, 9), "unexpected tensor 'layers.1.weight'");
    }

    [Fact]
    public void Load_TensorListedTwice_ThrowsInvalidFile()
    {
        string tensors = MinimalTensors + ""","layers.0.bias":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}""";

        AssertInvalid(Write("twice.safetensors", Header(MinimalMemLab, tensors), 0.5, -2, 0.25), "tensor 'layers.0.bias' twice");
    }

    [Fact]
    public void Load_ShapeDisagreesWithArchitecture_ThrowsInvalidFileNamingBoth()
    {
        string tensors = MinimalTensors.Replace("[1,2]", "[2,1]");

        AssertInvalid(Write("shape.safetensors", Header(MinimalMemLab, tensors), 0.5, -2, 0.25), "shape [2,1] but the architecture says [1,2]");
    }

    [Fact]
    public void Load_DtypeNotF64_ThrowsInvalidFileNamingIt()
    {
        string tensors = MinimalTensors.Replace("""{"dtype":"F64","shape":[1]""", """{"dtype":"F32","shape":[1]""");

        AssertInvalid(Write("f32.safetensors", Header(MinimalMemLab, tensors), 0.5, -2, 0.25), "'layers.0.bias' has dtype F32");
    }

    [Fact]
    public void Load_OffsetsBeyondData_ThrowsInvalidFileNamingThem()
    {
        string tensors = MinimalTensors.Replace("[16,24]", "[24,32]");

        AssertInvalid(Write("range.safetensors", Header(MinimalMemLab, tensors), 0.5, -2, 0.25), "data_offsets [24,32] beyond the 24 data bytes");
    }

    [Fact]
    public void Load_OffsetsOfWrongSize_ThrowsInvalidFile()
    {
        string tensors = MinimalTensors.Replace("[0,16]", "[0,8]");

        AssertInvalid(Write("size.safetensors", Header(MinimalMemLab, tensors), 0.5, -2, 0.25), "spans 8 bytes");
    }

    [Fact]
    public void Load_OverlappingOffsets_ThrowsInvalidFileNamingBothTensors()
    {
        string tensors = MinimalTensors.Replace("[16,24]", "[8,16]");

        AssertInvalid(Write("overlap.safetensors", Header(MinimalMemLab, tensors), 0.5, -2, 0.25),
            "tensor 'layers.0.bias' [8,16) overlaps tensor 'layers.0.weight', which ends at byte 16");
    }

    [Fact]
    public void Load_GapBetweenTensors_ThrowsInvalidFileSayingHowLarge()
    {
        string tensors = MinimalTensors.Replace("[16,24]", "[24,32]");

        AssertInvalid(Write("gap.safetensors", Header(MinimalMemLab, tensors), 0.5, -2, 0, 0.25),
            "gap of 8 bytes between tensor 'layers.0.weight' and tensor 'layers.0.bias'");
    }

    [Fact]
    public void Load_BytesAfterTheLastTensor_ThrowsInvalidFile()
    {
        AssertInvalid(Write("trailing.safetensors", Header(MinimalMemLab, MinimalTensors), 0.5, -2, 0.25, 1.0),
            "8 bytes after the last tensor");
    }

    [Fact]
    public void Load_NonFiniteWeight_ThrowsInvalidFileNamingTheEntry()
    {
        AssertInvalid(Write("nan.safetensors", Header(MinimalMemLab, MinimalTensors), 0.5, double.NaN, 0.25),
            "tensor 'layers.0.weight' holds NaN at row 0, column 1");
    }

    [Fact]
    public void Load_NonFiniteBias_ThrowsInvalidFileNamingTheIndex()
    {
        AssertInvalid(Write("inf.safetensors", Header(MinimalMemLab, MinimalTensors), 0.5, -2, double.PositiveInfinity),
            $"tensor 'layers.0.bias' holds {double.PositiveInfinity} at index 0");
    }

    [Fact]
    public void Load_HeaderNotUtf8_ThrowsInvalidFile()
    {
        string path = PathFor("latin1.safetensors");
        byte[] bytes = [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}', (byte)' '];
        File.WriteAllBytes(path, bytes);

        AssertInvalid(path, "header is not valid UTF-8");
    }

    [Fact]
    public void Load_ImpossibleArchitecture_ThrowsInvalidFile()
    {
        // A Sign rule needs one output unit; this single layer has two.
        string memlab = MinimalMemLab.Replace("\"outputs\":1", "\"outputs\":2").Replace("\"value\"", "\"sign\"");
        string tensors = ""","layers.0.weight":{"dtype":"F64","shape":[2,2],"data_offsets":[0,32]},"layers.0.bias":{"dtype":"F64","shape":[2],"data_offsets":[32,48]}""";

        AssertInvalid(Write("sign2.safetensors", Header(memlab, tensors), 1, 2, 3, 4, 5, 6), "impossible network");
    }

    private static void AssertInvalid(string path, string expectedFragment)
    {
        var error = Assert.Throws<MemLabException>(() => NetworkFile.Load(path));
        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains(path, error.Message);
        Assert.Contains(expectedFragment, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>A safetensors header with memlab metadata, composed by hand (the memlab value is a JSON string).</summary>
    private static string Header(string memlab, string tensors) =>
        """{"__metadata__":{"format":"memlab-network","format_version":"1","memlab":""" + JsonSerializer.Serialize(memlab) + "}" + tensors + "}";

    /// <summary>Writes 8-byte little-endian header length, the header padded with spaces to a multiple of 8, then the values as little-endian float64.</summary>
    private string Write(string name, string header, params double[] values)
    {
        var data = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), values[i]);
        return WriteBytes(name, header, data);
    }

    /// <summary>Writes 8-byte little-endian header length, the header padded with spaces to a multiple of 8, then <paramref name="data"/>.</summary>
    private string WriteBytes(string name, string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        data.CopyTo(bytes, 8 + padded);
        string path = PathFor(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The JSON header of a safetensors file, with its padding.</summary>
    private static string ReadHeader(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return Encoding.UTF8.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
    }

    private string PathFor(string name) => Path.Combine(_folder.FullName, name);

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }
}

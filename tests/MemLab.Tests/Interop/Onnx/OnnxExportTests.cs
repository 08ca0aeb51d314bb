using MemLab.Interop;
using MemLab.Interop.Onnx;
using MemLab.Interop.Onnx.Proto;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Tests.Networks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MemLab.Tests.Interop.Onnx;

public class OnnxExportTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    /// <summary>
    /// The acceptance check, for every network kind in <see cref="ExportCases"/>: export, run in ONNX Runtime, and get
    /// memlab's float64 labels on every training point and its outputs within the tolerance (in float32 unless the
    /// export would have warned about a margin below float32 resolution).
    /// </summary>
    [Theory]
    [MemberData(nameof(ExportCases.Names), MemberType = typeof(ExportCases))]
    public void Export_Float32_OnnxRuntimeAgreesOnEveryTrainingPoint(string name) => AssertAgrees(name, Precision.Float32);

    [Theory]
    [MemberData(nameof(ExportCases.Names), MemberType = typeof(ExportCases))]
    public void Export_Float64_OnnxRuntimeAgreesOnEveryTrainingPoint(string name) => AssertAgrees(name, Precision.Float64);

    private static void AssertAgrees(string name, Precision precision)
    {
        var (network, data) = ExportCases.Build(name);
        var verification = Verification.Verify(network, data, Blas);
        Assert.True(verification.Memorized, $"{name}: memlab itself fails points {string.Join(", ", verification.FailureIndices)}");
        var report = OnnxRuntimeCheck.Check(network, data, new OnnxExportOptions { Precision = precision }, Blas);
        Assert.Equal(data.SampleCount, report.SampleCount);
        // The contract in float32: ONNX Runtime agrees, or the export warned that a margin is below float32 resolution
        // (then only the float64 model is promised to agree).
        bool warned = precision == Precision.Float32 && verification.MinThresholdMargin is { } margin && margin.Value < Float32Resolution.Of(network);
        Assert.True(report.Agrees || warned,
            $"{name} ({precision}): labels differ at [{string.Join(", ", report.LabelMismatchIndices.Take(20))}], outputs at " +
            $"[{string.Join(", ", report.OutputMismatchIndices.Take(20))}]; max relative difference {report.MaxRelativeDifference:G3}");
        if (report.Agrees) Assert.True(report.MaxRelativeDifference <= report.Tolerance);
    }

    [Fact]
    public void Export_Xor_OnnxRuntimeGivesXorLabelsAndHiddenUnitScores()
    {
        // Computed by hand from TestNetworks.Xor: o = OR - AND - 0.5 on (0,0), (0,1), (1,0), (1,1).
        using var session = new InferenceSession(OnnxModel.Export(TestNetworks.Xor(), new OnnxExportOptions()));
        using var input = OrtValue.CreateTensorValueFromMemory(TestNetworks.Corners(), [4, 2]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [OnnxModel.InputName], [input], [OnnxModel.ScoresName, OnnxModel.LabelName]);
        Assert.Equal([-0.5f, 0.5f, 0.5f, -0.5f], results[0].GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal([4L, 1L], results[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([0L, 1L, 1L, 0L], results[1].GetTensorDataAsSpan<long>().ToArray());
        Assert.Equal([4L], results[1].GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void Export_ValueNetwork_HasScoresAndNoLabel()
    {
        var (network, _) = ExportCases.Build("hand-relu-identity-value");
        using var session = new InferenceSession(OnnxModel.Export(network, new OnnxExportOptions { Precision = Precision.Float64 }));
        Assert.Equal([OnnxModel.ScoresName], session.OutputNames);
        Assert.Equal(TensorElementType.Double, session.OutputMetadata[OnnxModel.ScoresName].ElementDataType);
    }

    [Fact]
    public void Export_Graph_UsesGemmAndStandardThresholdArgmaxOperators()
    {
        var (network, _) = ExportCases.Build("hand-threshold-identity-argmax");
        var model = ModelProto.Parser.ParseFrom(OnnxModel.Export(network, new OnnxExportOptions { Opset = 19 }));
        Assert.Equal(19, Assert.Single(model.OpsetImport).Version);
        Assert.Equal(9, model.IrVersion);
        Assert.Equal(["Gemm", "Greater", "Cast", "Gemm", "ArgMax"], model.Graph.Node.Select(n => n.OpType));
        var weight = model.Graph.Initializer.Single(t => t.Name == "layers.0.weight");
        Assert.Equal([20L, 5L], weight.Dims);
        Assert.Equal((float)network.Layers[0].StoredWeights[7], BitConverter.ToSingle(weight.RawData.Span[(7 * 4)..]));
    }

    [Fact]
    public void Export_SparseLayer_IsASparseInitializerHoldingOnlyItsEntriesAtTheirLinearIndices()
    {
        var (network, _) = ExportCases.Build("hand-sparse-threshold-relu-argmax");
        var layer = (SparseLayer)network.Layers[1];
        var model = ModelProto.Parser.ParseFrom(OnnxModel.Export(network, new OnnxExportOptions { Precision = Precision.Float64 }));

        Assert.DoesNotContain(model.Graph.Initializer, t => t.Name == "layers.1.weight");
        var weight = model.Graph.SparseInitializer.Single(t => t.Values.Name == "layers.1.weight");
        Assert.Equal([(long)layer.OutputCount, layer.InputCount], weight.Dims);
        Assert.Equal([(long)layer.Values.Length], weight.Values.Dims);
        Assert.Equal(8 * layer.Values.Length, weight.Values.RawData.Length);
        long[] indices = new long[layer.Values.Length];
        Buffer.BlockCopy(weight.Indices.RawData.ToByteArray(), 0, indices, 0, 8 * indices.Length);
        // The last stored entry of row 3 sits at 3 x InputCount + its column.
        int last = layer.RowStarts[4] - 1;
        Assert.Equal(3L * layer.InputCount + layer.Columns[last], indices[last]);
        Assert.Equal(layer.Values[last], BitConverter.ToDouble(weight.Values.RawData.Span[(8 * last)..]));
        Assert.True(indices.Zip(indices.Skip(1)).All(p => p.First < p.Second), "ONNX needs ascending indices");
    }

    [Theory]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Export_EverySupportedOpset_LoadsAndAgreesInOnnxRuntime(int opset)
    {
        var (network, data) = ExportCases.Build("hand-relu-identity-argmax");
        var report = OnnxRuntimeCheck.Check(network, data, new OnnxExportOptions { Opset = opset }, Blas);
        Assert.True(report.Agrees);
        Assert.Equal(opset, report.Opset);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    public void Export_UnsupportedOpset_ThrowsNamingTheRange(int opset)
    {
        var error = Assert.Throws<MemLabException>(() => OnnxModel.Export(TestNetworks.Xor(), new OnnxExportOptions { Opset = opset }));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains($"opset {opset} is not supported", error.Message);
        Assert.Contains("17 to 23", error.Message);
    }

    /// <summary>
    /// One threshold unit t = x - (1 - 2^-30) on x = 1: t = 2^-30 &gt; 0 in float64, but the bias rounds to -1 in float32,
    /// so t = 0 and H(0) = 0. The margin (about 2^-31) is far below float32 resolution.
    /// </summary>
    private static (Network, Dataset) TinyMargin()
    {
        var network = new Network([new DenseLayer(1, 1, [1.0], [-(1 - Math.Pow(2, -30))], Activation.Threshold)], OutputRule.Sign,
            NetworkProvenance.Manual("tiny margin"));
        return (network, TestNetworks.Labelled([1f, 0f], 1, [1, 0]));
    }

    [Fact]
    public void Export_MarginBelowFloat32Resolution_WarnsAndFloat32DisagreesWhileFloat64Agrees()
    {
        var (network, data) = TinyMargin();
        Assert.True(Verification.Verify(network, data, Blas).Memorized);
        string path = Path.Combine(Path.GetTempPath(), $"memlab-tiny-{Guid.NewGuid():N}.onnx");
        try
        {
            var export = NetworkExport.Export(network, ExportFormat.Onnx, path, new OnnxExportOptions(), data, Blas);
            Assert.True(export.BelowFloat32Resolution, $"margin {export.MinThresholdMargin?.Value} vs resolution {export.Float32Resolution}");
            Assert.Equal(3 * Float32Resolution.UnitRoundoff, export.Float32Resolution);
        }
        finally
        {
            File.Delete(path);
        }
        var float32 = OnnxRuntimeCheck.Check(network, data, new OnnxExportOptions(), Blas);
        Assert.Equal([0], float32.LabelMismatchIndices);
        var float64 = OnnxRuntimeCheck.Check(network, data, new OnnxExportOptions { Precision = Precision.Float64 }, Blas);
        Assert.True(float64.Agrees);
    }

    [Fact]
    public void Export_ComfortableMargins_DoNotWarn()
    {
        var (network, data) = ExportCases.Build("finke-threshold-moons");
        string path = Path.Combine(Path.GetTempPath(), $"memlab-moons-{Guid.NewGuid():N}.onnx");
        try
        {
            var export = NetworkExport.Export(network, ExportFormat.Onnx, path, new OnnxExportOptions(), data, Blas);
            Assert.NotNull(export.MinThresholdMargin);
            Assert.False(export.BelowFloat32Resolution);
            Assert.Equal(export.Bytes, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Float32Resolution_NoThresholdDecision_IsZero()
    {
        var (network, _) = ExportCases.Build("hand-relu-identity-argmax");
        Assert.Equal(0, Float32Resolution.Of(network));
    }
}

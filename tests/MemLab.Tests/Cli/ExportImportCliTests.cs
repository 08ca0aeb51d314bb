using MemLab.Networks;
using MemLab.Tests.Interop.Safetensors;

namespace MemLab.Tests.Cli;

[Collection(MemLab.Tests.LinearAlgebra.TestBackends.OpenBlasCollection)]
public sealed class ExportImportCliTests : IDisposable
{
    private const string Moons = "moons:n=300,noise=0.05,seed=0";
    private readonly string _folder = Directory.CreateTempSubdirectory("memlab-export-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string BuildMoons()
    {
        string model = PathOf("moons.safetensors");
        var build = CliRunner.Run("build", "finke", "--data", Moons, "--width", "100", "-o", model);
        Assert.True(build.ExitCode == 0, build.Error);
        return model;
    }

    [Fact]
    public void ExportOnnx_ThenVerifyWithOnnxRuntime_AgreesOnEveryPoint()
    {
        string model = BuildMoons();
        var export = CliRunner.Run("export", model, "--format", "onnx", "-o", PathOf("moons.onnx"), "--json");
        Assert.True(export.ExitCode == 0, export.Error);
        var json = export.Json();
        Assert.Equal("onnx", json.GetProperty("format").GetString());
        Assert.Equal(Moons, json.GetProperty("data_spec").GetString());
        Assert.False(json.GetProperty("below_float32_resolution").GetBoolean());
        Assert.Equal(new FileInfo(PathOf("moons.onnx")).Length, json.GetProperty("bytes").GetInt64());

        var verify = CliRunner.Run("verify", model, "--data", Moons, "--engine", "onnxruntime", "--json");
        Assert.True(verify.ExitCode == 0, verify.Error);
        var onnx = verify.Json().GetProperty("onnx");
        Assert.True(onnx.GetProperty("agrees").GetBoolean());
        Assert.Equal(300, onnx.GetProperty("sample_count").GetInt32());
        Assert.Equal("float32", onnx.GetProperty("precision").GetString());
    }

    [Fact]
    public void Verify_DefaultEngine_HasNoOnnxSection()
    {
        string model = BuildMoons();
        var verify = CliRunner.Run("verify", model, "--data", Moons, "--json");
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, verify.Json().GetProperty("onnx").ValueKind);
    }

    [Fact]
    public void ExportOnnx_UnsupportedOpset_ExitsTwoNamingTheRange()
    {
        string model = BuildMoons();
        var export = CliRunner.Run("export", model, "--format", "onnx", "--opset", "16", "-o", PathOf("old.onnx"));
        Assert.Equal(2, export.ExitCode);
        Assert.Contains("--opset must be between 17 and 23; got 16", export.Error);
        Assert.False(File.Exists(PathOf("old.onnx")));
    }

    /// <summary>
    /// H(x - (1 - 2^-30)) reads 1 at x = 1 in float64 but 0 in float32 (the bias rounds to -1): the export must warn and
    /// point to float64, ONNX Runtime in float32 must disagree, and in float64 agree.
    /// </summary>
    [Fact]
    public void ExportOnnx_MarginBelowFloat32Resolution_WarnsAndFloat64Fixes()
    {
        string model = PathOf("tiny.safetensors");
        NetworkFile.Save(new Network([new DenseLayer(1, 1, [1.0], [-(1 - Math.Pow(2, -30))], Activation.Threshold)], OutputRule.Sign,
            NetworkProvenance.Manual("tiny margin")), model);
        File.WriteAllText(PathOf("points.csv"), "x,y\n1,1\n0,0\n");
        string data = $"csv:path={PathOf("points.csv")},label=y";

        var float32 = CliRunner.Run("export", model, "--format", "onnx", "-o", PathOf("tiny.onnx"), "--data", data);
        Assert.True(float32.ExitCode == 0, float32.Error);
        Assert.Contains("below float32 resolution", float32.Error);
        Assert.Contains("--precision float64", float32.Error);

        var float64 = CliRunner.Run("export", model, "--format", "onnx", "-o", PathOf("tiny64.onnx"), "--data", data, "--precision", "float64");
        Assert.Equal(0, float64.ExitCode);
        Assert.DoesNotContain("warning", float64.Error);

        var check32 = CliRunner.Run("verify", model, "--data", data, "--engine", "onnxruntime");
        Assert.Equal(3, check32.ExitCode);
        Assert.Contains("DISAGREES", check32.Out);
        var check64 = CliRunner.Run("verify", model, "--data", data, "--engine", "onnxruntime", "--precision", "float64");
        Assert.True(check64.ExitCode == 0, check64.Out + check64.Error);
    }

    [Fact]
    public void ExportSafetensors_ThenImport_WritesTheSameBytes()
    {
        string model = BuildMoons();
        var export = CliRunner.Run("export", model, "-f", "safetensors", "-o", PathOf("exported.safetensors"));
        Assert.True(export.ExitCode == 0, export.Error);
        var import = CliRunner.Run("import", PathOf("exported.safetensors"), "-o", PathOf("imported.safetensors"));
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Equal(File.ReadAllBytes(model), File.ReadAllBytes(PathOf("imported.safetensors")));
    }

    [Fact]
    public void Import_ForeignFileMissingABias_ExitsOneNamingTheTensor()
    {
        string path = PathOf("foreign.safetensors");
        ForeignSafetensors.Write(path, new Dictionary<string, string> { ["activations"] = "relu,identity", ["output_rule"] = "sign" },
            ForeignSafetensors.F32("layers.0.weight", [2, 2], 1, 0, 0, 1),
            ForeignSafetensors.F32("layers.0.bias", [2], 0, 0),
            ForeignSafetensors.F32("layers.1.weight", [1, 2], 1, -1));
        var import = CliRunner.Run("import", path, "-o", PathOf("out.safetensors"));
        Assert.Equal(1, import.ExitCode);
        Assert.Contains("tensor 'layers.1.bias' is missing", import.Error);
        Assert.False(File.Exists(PathOf("out.safetensors")));
    }

    [Fact]
    public void Import_ForeignFile_CanBeVerified()
    {
        // A 2-2-1 ReLU network computing relu(x1) - relu(x2): on (1, 0) it says 1, on (0, 1) it says 0.
        string path = PathOf("foreign.safetensors");
        ForeignSafetensors.Write(path, new Dictionary<string, string> { ["activations"] = "relu,identity", ["output_rule"] = "sign" },
            ForeignSafetensors.F32("layers.0.weight", [2, 2], 1, 0, 0, 1),
            ForeignSafetensors.F32("layers.0.bias", [2], 0, 0),
            ForeignSafetensors.F32("layers.1.weight", [1, 2], 1, -1),
            ForeignSafetensors.F32("layers.1.bias", [1], 0));
        Assert.Equal(0, CliRunner.Run("import", path, "-o", PathOf("imported.safetensors")).ExitCode);
        File.WriteAllText(PathOf("points.csv"), "a,b,y\n1,0,1\n0,1,0\n");
        var verify = CliRunner.Run("verify", PathOf("imported.safetensors"), "--data", $"csv:path={PathOf("points.csv")},label=y", "--engine", "onnxruntime");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Contains("memorized", verify.Out);
    }

    [Fact]
    public void Completion_SuggestDirective_OffersTheNewCommands()
    {
        var outcome = CliRunner.Run("[suggest:9]", "memlab ex");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("export", outcome.Out.Split('\n', StringSplitOptions.TrimEntries));
    }
}

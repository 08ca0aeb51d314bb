using MemLab.Networks;

namespace MemLab.Tests.Cli;

[Collection(MemLab.Tests.LinearAlgebra.TestBackends.OpenBlasCollection)]
public class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memlab-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Info_Json_PrintsOneObjectWithBackend()
    {
        var outcome = CliRunner.Run("info", "--json");
        Assert.Equal(0, outcome.ExitCode);
        var json = outcome.Json();
        Assert.Equal("info", json.GetProperty("command").GetString());
        Assert.Contains(json.GetProperty("blas_backend").GetString(), new[] { "openblas", "managed" });
        Assert.Matches("^(AVX-512 VPOPCNTDQ \\(native |(AVX2|scalar POPCNT) \\(managed; no native kernel: ).+", json.GetProperty("popcount").GetString());
    }

    [Fact]
    public void DataDescribe_Moons_ReportsTwoClassesOf500()
    {
        var outcome = CliRunner.Run("data", "describe", "moons:n=1000,noise=0.05,seed=0", "--json");
        Assert.Equal(0, outcome.ExitCode);
        var geometry = outcome.Json().GetProperty("geometry");
        Assert.Equal(1000, geometry.GetProperty("sample_count").GetInt32());
        Assert.Equal(2, geometry.GetProperty("feature_count").GetInt32());
        Assert.Equal(new[] { 500, 500 }, geometry.GetProperty("class_sizes").EnumerateArray().Select(c => c.GetProperty("count").GetInt32()));
    }

    [Fact]
    public void DataDescribe_MnistThreeVersusEight_MatchesPublishedCounts()
    {
        var outcome = CliRunner.Run("data", "describe", "mnist:split=train,classes=3-8", "--json", "--no-predictors");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var geometry = outcome.Json().GetProperty("geometry");
        Assert.Equal(11982, geometry.GetProperty("sample_count").GetInt32());
        Assert.Equal(784, geometry.GetProperty("feature_count").GetInt32());
        Assert.Equal(new[] { 6131, 5851 }, geometry.GetProperty("class_sizes").EnumerateArray().Select(c => c.GetProperty("count").GetInt32()));
        Assert.Equal(new[] { "3", "8" }, geometry.GetProperty("class_sizes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public void DataDescribe_Table_ShowsCountsWithoutJson()
    {
        var outcome = CliRunner.Run("data", "describe", "moons:n=1000,noise=0.05,seed=0");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("points (N)", outcome.Out);
        Assert.Contains("1,000", outcome.Out);
        Assert.DoesNotContain("{", outcome.Out);
    }

    [Fact]
    public void DataDescribe_Predictors_PrintedAndInJson()
    {
        var outcome = CliRunner.Run("data", "describe", "anisotropic:n=300,d=10,cond=100,seed=2", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        var predictors = outcome.Json().GetProperty("predictors");
        Assert.InRange(predictors.GetProperty("effective_rank").GetDouble(), 1, 10);
        Assert.True(predictors.GetProperty("condition_number").GetDouble() > 10);
        Assert.True(predictors.GetProperty("ntk_smallest_eigenvalue").GetDouble() > 0);
        Assert.True(predictors.GetProperty("ntk_exact").GetBoolean());
        Assert.Equal(outcome.Json().GetProperty("geometry").GetProperty("min_distance_between_classes").GetDouble(),
            predictors.GetProperty("min_distance_between_labels").GetDouble());
        Assert.Contains("NTK Gram lambda_min", CliRunner.Run("data", "describe", "anisotropic:n=300,d=10,cond=100,seed=2").Out);
        var skipped = CliRunner.Run("data", "describe", "anisotropic:n=300,d=10,cond=100,seed=2", "--json", "--no-predictors");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, skipped.Json().GetProperty("predictors").ValueKind);
    }

    [Fact]
    public void DataDescribe_SameSpecTwice_SameContentHash()
    {
        string Hash() => CliRunner.Run("data", "describe", "gaussian:n=300,d=7,seed=3", "--json").Json().GetProperty("data").GetProperty("content_hash").GetString()!;
        Assert.Equal(Hash(), Hash());
    }

    [Fact]
    public void DataSources_ListsGeneratorsAndFiles()
    {
        var outcome = CliRunner.Run("data", "sources", "--json");
        var names = outcome.Json().GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("moons", names);
        Assert.Contains("mnist", names);
        Assert.Contains("csv", names);
    }

    [Fact]
    public void UnknownSpecKey_OneLineErrorWithoutStackTrace()
    {
        var outcome = CliRunner.Run("data", "describe", "moons:n=100,colour=red");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("colour", outcome.Error);
        Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.DoesNotContain(" at ", outcome.Error);
    }

    [Fact]
    public void UnknownSpecKey_Verbose_AddsStackTrace()
    {
        var outcome = CliRunner.Run("data", "describe", "moons:n=100,colour=red", "--verbose");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(" at ", outcome.Error);
    }

    [Fact]
    public void Error_WithJson_PrintsErrorObjectOnStdout()
    {
        var outcome = CliRunner.Run("data", "describe", "nosuchsource:n=1", "--json");
        Assert.Equal(1, outcome.ExitCode);
        var error = outcome.Json().GetProperty("error");
        Assert.Equal("invalid_spec", error.GetProperty("kind").GetString());
        Assert.Contains("nosuchsource", error.GetProperty("message").GetString());
    }

    [Fact]
    public void UnknownCommand_UsageErrorExitCode()
    {
        var outcome = CliRunner.Run("frobnicate");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--help", outcome.Error);
    }

    [Fact]
    public void Threads_Zero_Rejected()
    {
        var outcome = CliRunner.Run("info", "--threads", "0");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--threads", outcome.Error);
    }

    [Fact]
    public void CsvWithNaN_OneLineErrorNamingLineAndValue()
    {
        string csv = WriteCsv("x,y,label\n0,0,0\n1,nan,1\n");
        var outcome = CliRunner.Run("data", "describe", $"csv:path={csv},label=label");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("line 3", outcome.Error);
        Assert.Contains("'nan'", outcome.Error);
        Assert.Single(outcome.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Verify_XorNetwork_MemorizedWithExitZero()
    {
        string csv = WriteCsv("a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        string model = SaveNetwork(XorNetwork(), "xor.safetensors");
        var outcome = CliRunner.Run("verify", model, "--data", $"csv:path={csv},label=label", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error + outcome.Out);
        var report = outcome.Json().GetProperty("report");
        Assert.True(report.GetProperty("memorized").GetBoolean());
        Assert.Equal(4, report.GetProperty("sample_count").GetInt32());
        Assert.Equal((2 * 2 + 2) + (2 * 1 + 1), report.GetProperty("parameter_count").GetInt32());
    }

    [Fact]
    public void Verify_WrongLabels_ListsFailuresAndExitsThree()
    {
        // The same XOR network checked against AND labels: it is wrong exactly on (0,1) and (1,0) and (1,1).
        string csv = WriteCsv("a,b,label\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n");
        string model = SaveNetwork(XorNetwork(), "xor.safetensors");
        var outcome = CliRunner.Run("verify", model, "--data", $"csv:path={csv},label=label", "--json");
        Assert.Equal(3, outcome.ExitCode);
        var report = outcome.Json().GetProperty("report");
        Assert.False(report.GetProperty("memorized").GetBoolean());
        Assert.Equal(new[] { 1, 2, 3 }, report.GetProperty("failure_indices").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Verify_ConflictingDuplicates_ErrorNamesFirstPair()
    {
        string csv = WriteCsv("a,b,label\n0,1,0\n1,1,1\n0,1,1\n");
        string model = SaveNetwork(XorNetwork(), "xor.safetensors");
        var outcome = CliRunner.Run("verify", model, "--data", $"csv:path={csv},label=label");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("samples 0 and 2", outcome.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Single(outcome.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Verify_ModelHeaderDisagreesWithTensors_OneLineError()
    {
        string model = SaveNetwork(XorNetwork(), "xor.safetensors");
        byte[] bytes = File.ReadAllBytes(model);
        // Make the header claim a 3-input first layer; the stored tensor still holds 2 x 2 weights.
        string text = System.Text.Encoding.Latin1.GetString(bytes);
        int at = text.IndexOf("\"shape\":[2,2]", StringComparison.Ordinal);
        Assert.True(at > 0, "the test expects the first weight tensor's shape written as [2,2]");
        bytes[at + "\"shape\":[2,".Length] = (byte)'3';
        File.WriteAllBytes(model, bytes);
        string csv = WriteCsv("a,b,label\n0,0,0\n");
        var outcome = CliRunner.Run("verify", model, "--data", $"csv:path={csv},label=label");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(model, outcome.Error);
        Assert.Contains("layers.0.weight", outcome.Error);
        Assert.Contains("[2,3]", outcome.Error);
        Assert.Single(outcome.Error.Trim().Split('\n'));
    }

    [Fact]
    public void ModelShow_ReportsShapeAndProvenance()
    {
        string model = SaveNetwork(XorNetwork(), "xor.safetensors");
        var outcome = CliRunner.Run("model", "show", model, "--json");
        Assert.Equal(0, outcome.ExitCode);
        var json = outcome.Json();
        Assert.Equal("2-2-1", json.GetProperty("shape").GetString());
        Assert.Equal("hand-built xor", json.GetProperty("provenance").GetProperty("method").GetString());
        Assert.Equal("sign", json.GetProperty("output_rule").GetString());
        Assert.Equal(NetworkProvenance.CurrentVersion, json.GetProperty("provenance").GetProperty("memlab_version").GetString());
        Assert.Equal(new[] { "threshold", "threshold" }, json.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("activation").GetString()));
    }

    [Fact]
    public void Verify_MissingModel_SaysFileDoesNotExist()
    {
        var outcome = CliRunner.Run("verify", Path.Combine(_folder, "none.safetensors"), "--data", "moons:n=10");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("does not exist", outcome.Error);
    }

    // XOR with threshold units: h1 = H(a + b - 0.5) (OR), h2 = H(a + b - 1.5) (AND), out = H(h1 - h2 - 0.5).
    private static Network XorNetwork() => new(
        [
            new DenseLayer(2, 2, [1, 1, 1, 1], [-0.5, -1.5], Activation.Threshold),
            new DenseLayer(2, 1, [1, -1], [-0.5], Activation.Threshold),
        ],
        OutputRule.Sign, NetworkProvenance.Manual("hand-built xor"));

    private string SaveNetwork(Network network, string name)
    {
        string path = Path.Combine(_folder, name);
        NetworkFile.Save(network, path);
        return path;
    }

    private string WriteCsv(string content)
    {
        string path = Path.Combine(_folder, $"data{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        return path;
    }
}

using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Cli;

public class BuildVershyninCommandTests
{
    private const string Sphere = "sphere:n=200,d=16,separation=0.5,seed=2";

    [Fact]
    public void BuildVershynin_SavedModel_VerifyConfirmsIt()
    {
        using var folder = new TempDirectory();
        string model = folder.File("vershynin.safetensors");
        var built = CliRunner.Run("build", "vershynin", "--data", Sphere, "--arch", "16,300,300,60,1", "--seed", "2", "-o", model, "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        Assert.Contains("deep connections W", built.Out);
        Assert.Contains("orthogonality: enrichment II", built.Out);
        Assert.Contains("unit vectors, used as given", built.Out);
        var verified = CliRunner.Run("verify", model, "--data", Sphere, "--blas", "managed");
        Assert.Equal(0, verified.ExitCode);
    }

    [Fact]
    public void BuildVershynin_Json_ReportsDeepConnectionsLayersAndThresholds()
    {
        var built = CliRunner.Run("build", "vershynin", "--data", Sphere, "--arch", "16,300,300,200,100,1", "--activation", "threshold", "--json", "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        var details = built.Json().GetProperty("report").GetProperty("details");
        Assert.Equal("vershynin", details.GetProperty("construction").GetString());
        Assert.Equal(300 * 200 + 200 * 100 + 100, details.GetProperty("deep_connections").GetInt64());
        Assert.Equal(2, details.GetProperty("layers").GetArrayLength());
        // Layer 3 (200 units) cannot carry the 300-unit code and host a pair, so it re-enriches: a fourth stage.
        Assert.True(details.GetProperty("layers")[0].GetProperty("re_enriched").GetBoolean());
        Assert.Equal(4, details.GetProperty("orthogonality").GetArrayLength());
        Assert.True(details.GetProperty("thresholds").GetArrayLength() > 0);
    }

    [Fact]
    public void BuildVershynin_NotMemorized_ExitsThree()
    {
        var built = CliRunner.Run("build", "vershynin", "--data", Sphere, "--arch", "16,300,300,6,1", "--sign-draws", "1", "--blas", "managed");
        Assert.Equal(3, built.ExitCode);
        Assert.Contains("unseparated in their batch", built.Out);
    }

    [Fact]
    public void BuildVershynin_TooNarrowArchitecture_ExitsOneSayingSo()
    {
        var built = CliRunner.Run("build", "vershynin", "--data", Sphere, "--arch", "16,300,300,1,1", "--blas", "managed");
        Assert.Equal(1, built.ExitCode);
        Assert.Contains("too narrow for any batch", built.Error);
    }

    [Fact]
    public void BuildVershynin_KClasses_ExitsOneOfferingOneVsRest()
    {
        var built = CliRunner.Run("build", "vershynin", "--data", "gaussian:n=60,d=4,seed=0,labels=random:3", "--arch", "4,100,100,10,1", "--blas", "managed");
        Assert.Equal(1, built.ExitCode);
        Assert.Contains("one-vs-rest", built.Error);
    }

    [Fact]
    public void BuildVershynin_BadArchitectureText_ExitsTwoNamingTheEntry()
    {
        var built = CliRunner.Run("build", "vershynin", "--data", Sphere, "--arch", "16,300,x,60,1", "--blas", "managed");
        Assert.Equal(2, built.ExitCode);
        Assert.Contains("'x'", built.Error);
    }
}

using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Cli;

public class BuildCommandTests
{
    private const string Moons = "moons:n=300,noise=0.05,seed=4";

    [Fact]
    public void BuildFinke_SavedModel_VerifyConfirmsIt()
    {
        using var folder = new TempDirectory();
        string model = folder.File("finke.safetensors");
        var built = CliRunner.Run("build", "finke", "--data", Moons, "--width", "150", "--seed", "3", "-o", model, "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        Assert.Contains("memorized", built.Out);
        var verified = CliRunner.Run("verify", model, "--data", Moons, "--blas", "managed");
        Assert.Equal(0, verified.ExitCode);
    }

    [Fact]
    public void BuildFinke_Json_ReportsWidthsThatChainWithTheNetwork()
    {
        var built = CliRunner.Run("build", "finke", "--data", Moons, "--width", "120", "--cover", "random", "--json", "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        var json = built.Json();
        var report = json.GetProperty("report");
        int[] widths = report.GetProperty("widths").EnumerateArray().Select(w => w.GetInt32()).ToArray();
        int pruned = report.GetProperty("details").GetProperty("pruned_width_per_class").EnumerateArray().Sum(w => w.GetInt32());
        Assert.Equal([120, pruned, 1], widths);
        Assert.Equal("random", json.GetProperty("options").GetProperty("cover").GetString());
        Assert.True(report.GetProperty("verification").GetProperty("memorized").GetBoolean());
    }

    [Fact]
    public void BuildFinke_NotMemorized_ExitsThree()
    {
        var built = CliRunner.Run("build", "finke", "--data", Moons, "--width", "100", "--lambda", "0", "--blas", "managed");
        Assert.Equal(3, built.ExitCode);
        Assert.Contains("uncoverable", built.Out);
    }

    [Fact]
    public void BuildFinke_InvalidWidth_ExitsTwoNamingIt()
    {
        var built = CliRunner.Run("build", "finke", "--data", Moons, "--width", "0", "--blas", "managed");
        Assert.Equal(2, built.ExitCode);
        Assert.Contains("--width", built.Error);
    }

    [Fact]
    public void BuildFinke_Help_ShowsTheLibraryDefaults()
    {
        var help = CliRunner.Run("build", "finke", "--help");
        Assert.Equal(0, help.ExitCode);
        var defaults = new MemLab.Constructions.FinkeOptions();
        Assert.Contains($"[default: {defaults.Width}]", help.Out);
        Assert.Contains("[default: Greedy]", help.Out);
    }
}

using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Cli;

public class BuildProjectionCommandTests
{
    private const string Real = "gaussian:n=500,d=8,targets=uniform,seed=2";

    [Theory]
    [InlineData("zhang")]
    [InlineData("yun")]
    public void Build_SavedModel_VerifyConfirmsIt(string construction)
    {
        using var folder = new TempDirectory();
        string model = folder.File($"{construction}.safetensors");
        var built = CliRunner.Run("build", construction, "--data", Real, "--seed", "3", "-o", model, "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        Assert.Contains("memorized", built.Out);
        Assert.Contains("min gap / range", built.Out);
        var verified = CliRunner.Run("verify", model, "--data", Real, "--blas", "managed");
        Assert.Equal(0, verified.ExitCode);
    }

    [Fact]
    public void BuildYun_Json_ReportsTheTheoremNumbersAndWidths()
    {
        var built = CliRunner.Run("build", "yun", "--data", "gaussian:n=400,d=5,labels=random:3", "--blocks", "10", "--json", "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        var report = built.Json().GetProperty("report");
        var details = report.GetProperty("details");
        Assert.Equal("yun", details.GetProperty("construction").GetString());
        int blocks = details.GetProperty("blocks").GetInt32(), largest = details.GetProperty("largest_block").GetInt32();
        Assert.True(blocks <= 10);
        int[] widths = report.GetProperty("widths").EnumerateArray().Select(w => w.GetInt32()).ToArray();
        Assert.Equal([1, 2 * blocks - 1, largest, 5, 3], widths);
        Assert.Equal(4 * Math.Sqrt(400) + 12, details.GetProperty("k_class_statement_units").GetDouble());
        Assert.True(details.GetProperty("class_margin").GetDouble() > 0.5);
    }

    [Fact]
    public void BuildYun_TargetsOutsideMinusOneToOne_ExitsOneSayingItDoesNotRescale()
    {
        var built = CliRunner.Run("build", "yun", "--data", "gaussian:n=200,d=5,labels=random:5,targets=class-index", "--blas", "managed");
        Assert.Equal(1, built.ExitCode);
        Assert.Contains("does not rescale", built.Error);
    }

    [Fact]
    public void BuildZhang_Help_ShowsTheLibraryDefault()
    {
        var help = CliRunner.Run("build", "zhang", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains($"[default: {new MemLab.Constructions.ZhangOptions().Directions}]", help.Out);
    }
}

using System.Globalization;
using System.Text;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Cli;

public class SlabBuildCommandTests
{
    private const string Gaussian = "gaussian:n=2000,d=20,labels=random,seed=3";

    [Theory]
    [InlineData("baum")]
    [InlineData("bubeck")]
    public void Build_2000GaussianPointsInD20_MemlabVerifyConfirmsTheSavedModel(string construction)
    {
        using var folder = new TempDirectory();
        string model = folder.File($"{construction}.safetensors");
        var built = CliRunner.Run("build", construction, "--data", Gaussian, "--seed", "1", "-o", model, "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        Assert.Contains("parameters / N", built.Out);
        Assert.Contains("smallest eps", built.Out);
        var verified = CliRunner.Run("verify", model, "--data", Gaussian, "--blas", "managed", "--json");
        Assert.Equal(0, verified.ExitCode);
        Assert.True(verified.Json().GetProperty("report").GetProperty("memorized").GetBoolean());
    }

    /// <summary>A CSV of 300 Gaussian points in R^4 with real targets uniform in [-1, 1]; returns its data spec.</summary>
    private static string RegressionCsv(TempDirectory folder)
    {
        var rng = new Seed(4).CreateRng();
        var csv = new StringBuilder("a,b,c,d,y\n");
        for (int i = 0; i < 300; i++)
            csv.AppendLine(string.Join(",", Enumerable.Range(0, 4).Select(_ => rng.NextGaussian().ToString("R", CultureInfo.InvariantCulture)))
                + "," + rng.Uniform(-1, 1).ToString("R", CultureInfo.InvariantCulture));
        string path = folder.File("points.csv");
        File.WriteAllText(path, csv.ToString());
        return $"csv:path={path},label=y,target=real";
    }

    [Fact]
    public void BuildBubeck_RealTargetsFromCsv_MemlabVerifyWithinTolerance()
    {
        using var folder = new TempDirectory();
        string spec = RegressionCsv(folder);
        string model = folder.File("bubeck.safetensors");
        var built = CliRunner.Run("build", "bubeck", "--data", spec, "-o", model, "--json", "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        var report = built.Json().GetProperty("report");
        Assert.Equal("real", report.GetProperty("details").GetProperty("targets").GetString());
        Assert.True(report.GetProperty("verification").GetProperty("max_error").GetDouble() <= 1e-6);
        Assert.Equal(4, report.GetProperty("details").GetProperty("general_position").GetProperty("working_dimension").GetInt32());
        var verified = CliRunner.Run("verify", model, "--data", spec, "--blas", "managed");
        Assert.Equal(0, verified.ExitCode);
    }

    [Fact]
    public void BuildBaum_Json_WidthsAndParametersFollowTheGroupCount()
    {
        var built = CliRunner.Run("build", "baum", "--data", "gaussian:n=500,d=10,labels=random,seed=2", "--json", "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        var report = built.Json().GetProperty("report");
        int groups = report.GetProperty("details").GetProperty("general_position").GetProperty("group_count").GetInt32();
        int[] widths = report.GetProperty("widths").EnumerateArray().Select(w => w.GetInt32()).ToArray();
        Assert.Equal([2 * groups, 1], widths);
        Assert.Equal(2 * groups * 11 + 2 * groups + 1, report.GetProperty("parameter_count").GetInt64());
        Assert.Equal("baum", report.GetProperty("details").GetProperty("construction").GetString());
    }

    [Fact]
    public void BuildBaum_ThreeClasses_ExitsOneSayingBinary()
    {
        var built = CliRunner.Run("build", "baum", "--data", "mixture:n=90,d=3,k=3", "--blas", "managed");
        Assert.Equal(1, built.ExitCode);
        Assert.Contains("binary labels", built.Error);
    }

    [Fact]
    public void BuildBubeck_ZeroToleranceOnRealTargets_ExitsThreeListingFailures()
    {
        using var folder = new TempDirectory();
        var built = CliRunner.Run("build", "bubeck", "--data", RegressionCsv(folder), "--tolerance", "0", "--blas", "managed");
        Assert.Equal(3, built.ExitCode);
        Assert.Contains("not memorized", built.Out);
        Assert.Contains("failing samples", built.Out);
    }

    [Fact]
    public void BuildBubeck_SafetyBelowOne_ExitsTwoNamingIt()
    {
        var built = CliRunner.Run("build", "bubeck", "--data", "gaussian:n=200,d=4,labels=random", "--rounding-safety", "0", "--blas", "managed");
        Assert.Equal(2, built.ExitCode);
        Assert.Contains("--rounding-safety", built.Error);
    }
}

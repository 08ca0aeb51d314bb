using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Tests.Cli;
using MemLab.Training;

namespace MemLab.Tests.Training;

/// <summary>The width search on real targets and with deciding early, through the library, the gap task and the CLI.</summary>
public class GapRealTargetsTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);
    private const string Real = "gaussian:n=60,d=5,targets=uniform,seed=1";

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, Blas));

    private static readonly TrainOptions SquareRecipe = new() { Loss = Loss.Square, LearningRate = 0.02, Tolerance = 0.05, Steps = 1500 };

    [Fact]
    public void Measure_RealTargets_FindsAWidthBesideTheInterpolatingConstructions()
    {
        var data = Load(Real);
        var result = GapResult.Measure(data, SquareRecipe, new WidthSearchOptions { Seeds = 3, MaxWidth = 256 }, new Seed(2), Blas);
        Assert.NotNull(result.Search.MinimumWidth);
        Assert.Equal(0.05, result.Tolerance);
        var c = result.Constructive;
        // Bubeck's network on 60 points in R^5: 4 units per group of d points.
        Assert.Equal(WidthOrigin.Built, c.Bubeck.Origin);
        Assert.Equal(4 * 12, c.Bubeck.Width);
        // Zhang's network: one ReLU per point.
        Assert.Equal(60, c.Zhang.Width);
        Assert.True(c.Zhang.Memorized);
        Assert.True(c.Yun.Width > 0);
        Assert.Equal(WidthOrigin.Unavailable, c.Baum.Origin);
        Assert.Equal(WidthOrigin.Unavailable, c.Finke.Origin);
        // The width found memorized in at least half of its seeds, and the width below it (bisected exactly) did not.
        var found = result.Search.Trials.Last(t => t.Width == result.Search.MinimumWidth);
        Assert.True(found.Succeeded);
        Assert.Equal(1, found.Batches);
    }

    [Fact]
    public void GapTask_RealTargetsAndDecideEarly_RecordsTheInterpolatingWidthsAndTolerance()
    {
        var data = Load(Real);
        var parameters = new Dictionary<string, string>
        {
            ["loss"] = "square", ["lr"] = "0.02", ["tolerance"] = "0.05", ["steps"] = "1500", ["seeds"] = "3", ["max_width"] = "256", ["decide_early"] = "1",
        };
        var metrics = new GapTask().Run(new SweepTaskInput(data, parameters, new Seed(2), Blas));
        Assert.NotNull(metrics["gd_width"]);
        Assert.Equal(60, metrics["zhang_width"]);
        Assert.Equal(48, metrics["bubeck_width"]);
        Assert.Equal(0.05, metrics["tolerance"]);
        Assert.Null(metrics["baum_width"]);
        var bad = Assert.Throws<MemLabException>(() => new GapTask().Run(new SweepTaskInput(data, new Dictionary<string, string> { ["loss"] = "square", ["decide_early"] = "2" }, new Seed(2), Blas)));
        Assert.Contains("decide_early", bad.Message);
    }

    [Fact]
    public void GapCli_RealTargets_PrintsBubecksWidthAndTheTolerance()
    {
        var gap = CliRunner.Run("gap", "--data", Real, "--loss", "square", "--lr", "0.02", "--tolerance", "0.05", "--steps", "1500", "--seeds", "3",
            "--max-width", "256", "--blas", "managed");
        Assert.Equal(0, gap.ExitCode);
        Assert.Contains("Bubeck width", gap.Out);
        Assert.Contains("Zhang width", gap.Out);
        Assert.Contains("tolerance", gap.Out);
        Assert.Contains("batching", gap.Out);
    }

    [Theory]
    [InlineData("--loss", "logistic", "--loss square")]
    [InlineData("--tolerance", "0", "tolerance")]
    [InlineData("--memory", "lots", "--memory lots is not valid; 'lots' is not a size")]
    public void GapCli_BadRealTargetOptions_ExitOneWithOneLine(string option, string value, string reason)
    {
        string[] loss = option == "--loss" ? [] : ["--loss", "square"];
        var gap = CliRunner.Run(["gap", "--data", Real, .. loss, option, value, "--blas", "managed"]);
        Assert.NotEqual(0, gap.ExitCode);
        Assert.Contains(reason, gap.Error);
    }

    [Fact]
    public void GapCli_MemoryBelowOneNetwork_IsRefusedWithItsSize()
    {
        var gap = CliRunner.Run("gap", "--data", Real, "--loss", "square", "--start", "64", "--max-width", "64", "--memory", "1KB", "--blas", "managed");
        Assert.Equal(1, gap.ExitCode);
        Assert.Contains("width 64", gap.Error);
        Assert.Contains("--memory", gap.Error);
    }

    [Fact]
    public void TrainCli_RealTargets_PrintsMaxErrorAndTolerance()
    {
        var trained = CliRunner.Run("train", "--data", Real, "--loss", "square", "--hidden", "64", "--lr", "0.02", "--steps", "3000", "--blas", "managed");
        Assert.Equal(0, trained.ExitCode);
        Assert.Contains("max |f(x) - y|", trained.Out);
        Assert.Contains("tolerance", trained.Out);
    }
}

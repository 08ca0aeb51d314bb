namespace MemLab.Tests.Cli;

public class GapCommandTests
{
    private const string Gaussian = "gaussian:n=60,d=4,seed=3";

    [Fact]
    public void Gap_Json_ListsTheWidthsTriedAndTheConstructiveWidths()
    {
        var gap = CliRunner.Run("gap", "--data", Gaussian, "--lr", "0.05", "--steps", "150", "--seeds", "3", "--start", "2", "--max-width", "64",
            "--workers", "2", "--json", "--blas", "managed");
        Assert.Equal(0, gap.ExitCode);
        var json = gap.Json();
        Assert.Equal("gap", json.GetProperty("command").GetString());
        var widths = json.GetProperty("widths").EnumerateArray().Select(w => w.GetProperty("width").GetInt32()).ToArray();
        Assert.Equal([2, 4], widths[..2]);
        int found = json.GetProperty("gd_width").GetInt32();
        Assert.Contains(found, widths);
        Assert.Equal(15, json.GetProperty("n_over_d").GetDouble());
        Assert.Equal(60, json.GetProperty("bubeck_bound").GetDouble());
        Assert.Equal(found / 15.0, json.GetProperty("ratio_n_over_d").GetDouble(), 12);
        Assert.Equal("built", json.GetProperty("bubeck").GetProperty("origin").GetString());
        Assert.Equal(60, json.GetProperty("bubeck").GetProperty("width").GetInt32());
        Assert.True(json.GetProperty("finke").GetProperty("width").GetInt32() > 0);
        // One progress line per width on stderr.
        Assert.Equal(widths.Length, gap.Error.Split('\n').Count(line => line.StartsWith("memlab: gap: width", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(new string[0], 2.0)]
    [InlineData(new[] { "--lr", "0.5" }, 0.5)]
    public void Gap_PlainGd_TakesRateTwoUnlessGivenOne(string[] rate, double expected)
    {
        var gap = CliRunner.Run(["gap", "--data", Gaussian, "--optimizer", "gd", .. rate, "--steps", "5", "--seeds", "1", "--start", "1",
            "--max-width", "2", "--json", "--blas", "managed"]);
        Assert.Equal(expected, gap.Json().GetProperty("recipe").GetProperty("learning_rate").GetDouble());
    }

    [Fact]
    public void Gap_Table_ShowsTheRecipeAndTheRatios()
    {
        var gap = CliRunner.Run("gap", "--data", Gaussian, "--lr", "0.05", "--steps", "150", "--seeds", "1", "--start", "8", "--max-width", "8", "--blas", "managed");
        Assert.Contains("adam, lr 0.05, logistic loss, he init, full batch, 150 steps", gap.Out);
        Assert.Contains("Bubeck's bound 4N/d", gap.Out);
        Assert.Contains("Finke pruned width", gap.Out);
    }

    [Fact]
    public void Gap_NoWidthMemorizes_ExitsThree()
    {
        var gap = CliRunner.Run("gap", "--data", Gaussian, "--steps", "1", "--seeds", "1", "--start", "1", "--max-width", "2", "--blas", "managed");
        Assert.Equal(3, gap.ExitCode);
        Assert.Contains("no width up to 2 memorizes", gap.Out);
    }

    [Theory]
    [InlineData("--max-width", "0", 2, "The largest width (0) is below the start width (2)")]
    [InlineData("--seeds", "0", 2, "--seeds 0: The seeds per width must be >= 1; got 0.")]
    [InlineData("--lr", "0", 2, "--lr 0: The learning rate must be a finite number > 0; got 0.")]
    [InlineData("--workers", "0", 2, "--workers 0: The number of workers must be >= 1; got 0.")]
    [InlineData("--max-width", "1", 2, "The largest width (1) is below the start width (2)")]
    public void Gap_ImpossibleOptions_ExitWithTheReason(string option, string value, int exitCode, string reason)
    {
        var gap = CliRunner.Run("gap", "--data", Gaussian, "--start", "2", option, value, "--blas", "managed");
        Assert.Equal(exitCode, gap.ExitCode);
        Assert.Contains(reason, gap.Error);
    }

    [Fact]
    public void Gap_ThreadsAboveOne_IsRefused()
    {
        var gap = CliRunner.Run("gap", "--data", Gaussian, "--threads", "2", "--blas", "managed");
        Assert.Equal(1, gap.ExitCode);
        Assert.Contains("--workers", gap.Error);
    }
}

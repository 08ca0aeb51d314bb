using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Cli;

public class TrainCommandTests
{
    private const string Moons = "moons:n=200,noise=0.05,seed=4";

    [Fact]
    public void Train_SavedModelAndCurves_VerifyConfirmsTheModel()
    {
        using var folder = new TempDirectory();
        string model = folder.File("trained.safetensors");
        string curves = folder.File("curves.csv");
        var trained = CliRunner.Run("train", "--data", Moons, "--hidden", "32", "--lr", "0.05", "--steps", "2000", "-o", model, "--curves", curves, "--blas", "managed");
        Assert.Equal(0, trained.ExitCode);
        Assert.Contains("memorized", trained.Out);
        Assert.Contains("time per step", trained.Out);
        string[] lines = File.ReadAllLines(curves);
        Assert.Equal("step,loss,accuracy,seconds", lines[0]);
        Assert.Equal("1", lines[^1].Split(',')[2]);
        var verified = CliRunner.Run("verify", model, "--data", Moons, "--blas", "managed");
        Assert.Equal(0, verified.ExitCode);
    }

    [Fact]
    public void Train_Json_ReportsStepsAndBothAccuracies()
    {
        var trained = CliRunner.Run("train", "--data", Moons, "--hidden", "16,8", "--optimizer", "sgd", "--batch", "50", "--lr", "0.1",
            "--loss", "cross-entropy", "--init", "xavier-uniform", "--steps", "40", "--json", "--blas", "managed");
        var json = trained.Json();
        Assert.Equal("train", json.GetProperty("command").GetString());
        Assert.Equal(40, json.GetProperty("steps").GetInt32());
        Assert.Equal("step_budget", json.GetProperty("stop_reason").GetString());
        Assert.Equal([16, 8, 2], json.GetProperty("widths").EnumerateArray().Select(w => w.GetInt32()));
        Assert.Equal("cross_entropy", json.GetProperty("options").GetProperty("loss").GetString());
        Assert.Equal(json.GetProperty("memorized").GetBoolean() ? 0 : 3, trained.ExitCode);
        Assert.True(json.GetProperty("verification").TryGetProperty("failure_count", out _));
    }

    [Fact]
    public void Train_KeepTraining_UsesTheWholeBudgetAfterMemorizing()
    {
        var trained = CliRunner.Run("train", "--data", Moons, "--hidden", "32", "--lr", "0.05", "--steps", "1500", "--keep-training", "--json", "--blas", "managed");
        var json = trained.Json();
        Assert.Equal(0, trained.ExitCode);
        Assert.Equal(1500, json.GetProperty("steps").GetInt32());
        Assert.Equal("step_budget", json.GetProperty("stop_reason").GetString());
        Assert.True(json.GetProperty("memorized").GetBoolean());
    }

    [Fact]
    public void Train_Diverges_ExitsOneSayingAtWhichStep()
    {
        var trained = CliRunner.Run("train", "--data", Moons, "--hidden", "32", "--optimizer", "gd", "--loss", "square", "--lr", "1e6", "--init-scale", "10", "--blas", "managed");
        Assert.Equal(1, trained.ExitCode);
        Assert.Matches("became NaN or infinite at step [0-9]+", trained.Error);
        Assert.Contains("--lr", trained.Error);
    }

    [Theory]
    [InlineData("--lr", "0", "--lr 0: The learning rate must be a finite number > 0; got 0.")]
    [InlineData("--steps", "0", "--steps 0: The step budget must be >= 1; got 0.")]
    public void Train_BadOption_ExitsTwoNamingIt(string option, string value, string expected)
    {
        var trained = CliRunner.Run("train", "--data", Moons, option, value, "--blas", "managed");
        Assert.Equal(2, trained.ExitCode);
        Assert.Contains(expected, trained.Error);
    }

    [Theory]
    [InlineData("--hidden", "160,x")]
    [InlineData("--loss", "l1")]
    public void Train_UnreadableOption_IsAUsageError(string option, string value)
    {
        var trained = CliRunner.Run("train", "--data", Moons, option, value);
        Assert.Equal(2, trained.ExitCode);
        Assert.Contains(option, trained.Error);
    }
}

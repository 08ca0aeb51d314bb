using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Cli;

public class NearestCentreCliTests
{
    private const string Train = "moons:n=400,noise=0.1,holdout=0.25,part=train,seed=3";
    private const string Test = "moons:n=400,noise=0.1,holdout=0.25,part=test,seed=3";

    [Fact]
    public void BuildNearestCentre_SavedModel_EvalReportsHeldOutAccuracy()
    {
        using var folder = new TempDirectory();
        string model = folder.File("nearest.safetensors");
        var built = CliRunner.Run("build", "nearest-centre", "--data", Train, "-o", model, "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        Assert.Contains("centres per class", built.Out);
        var evaluated = CliRunner.Run("eval", model, "--data", Test, "--json", "--blas", "managed");
        Assert.Equal(0, evaluated.ExitCode);
        var report = evaluated.Json().GetProperty("report");
        double accuracy = report.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
        int confused = report.GetProperty("confusion").EnumerateArray().SelectMany(row => row.EnumerateArray()).Sum(c => c.GetInt32());
        Assert.Equal(report.GetProperty("sample_count").GetInt32(), confused);

        var shown = CliRunner.Run("model", "show", model, "--json");
        Assert.Equal(0, shown.ExitCode);
        var layers = shown.Json().GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal("dense", layers[0].GetProperty("storage").GetString());
        Assert.All(layers[1..], layer => Assert.Equal("csr", layer.GetProperty("storage").GetString()));
        // A sparse tree layer stores at most six weights per unit, far fewer than its inputs.
        Assert.All(layers[1..], layer => Assert.True(layer.GetProperty("parameters").GetInt64() <= 7L * layer.GetProperty("outputs").GetInt64()));
        Assert.Contains("csr", CliRunner.Run("model", "show", model).Out);
    }

    [Fact]
    public void BuildNearestCentre_Json_ReportsCentresThatSizeTheScoreAndFirstTreeLayers()
    {
        var built = CliRunner.Run("build", "nearest-centre", "--data", Train, "--radius", "adaptive", "--json", "--blas", "managed");
        Assert.Equal(0, built.ExitCode);
        var report = built.Json().GetProperty("report");
        var details = report.GetProperty("details");
        Assert.Equal("nearest-centre", details.GetProperty("construction").GetString());
        int[] centres = details.GetProperty("centres_per_class").EnumerateArray().Select(c => c.GetInt32()).ToArray();
        // One score unit per centre, then three tree units per pair of a class's centres and two for an odd one out.
        int expected = centres.Sum(m => m > 1 ? 3 * (m / 2) + 2 * (m % 2) : 2);
        Assert.Equal(centres.Sum(), report.GetProperty("widths")[0].GetInt32());
        Assert.Equal(expected, report.GetProperty("widths")[1].GetInt32());
    }

    [Fact]
    public void BuildNearestCentre_RadiusAboveTheSeparation_ExitsOneSuggestingTheMaximum()
    {
        var built = CliRunner.Run("build", "nearest-centre", "--data", Train, "--radius", "100", "--blas", "managed");
        Assert.Equal(1, built.ExitCode);
        Assert.Contains("not below the class separation", built.Error);
        Assert.Contains("Pass a radius below", built.Error);
    }

    [Fact]
    public void Eval_DataOfAnotherDimension_ExitsOne()
    {
        using var folder = new TempDirectory();
        string model = folder.File("nearest.safetensors");
        Assert.Equal(0, CliRunner.Run("build", "nearest-centre", "--data", Train, "-o", model, "--blas", "managed").ExitCode);
        var evaluated = CliRunner.Run("eval", model, "--data", "gaussian:n=50,d=3", "--blas", "managed");
        Assert.Equal(1, evaluated.ExitCode);
        Assert.Contains("3 features", evaluated.Error);
    }
}

using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Cli;

public class ProbeCommandTests
{
    private const string Train = "mixture:n=200,d=4,k=3,spread=0.3,holdout=0.25,part=train,seed=4";

    /// <summary>Trains a small network on <see cref="Train"/>, saving checkpoints at steps 20 and 40 into the folder.</summary>
    private static (string Step20, string Step40) Checkpoints(TempDirectory folder)
    {
        var trained = CliRunner.Run("train", "--data", Train, "--hidden", "16", "--loss", "cross-entropy", "--steps", "40", "--keep-training",
            "--checkpoint-every", "20", "--checkpoint-dir", folder.Path, "--blas", "managed");
        Assert.Equal(0, trained.ExitCode);
        return (folder.File("step-000020.safetensors"), folder.File("step-000040.safetensors"));
    }

    [Fact]
    public void Permutation_TwoCheckpoints_PrintsOneRowEachAndWritesOneHistogramEach()
    {
        using var folder = new TempDirectory();
        var (step20, step40) = Checkpoints(folder);
        string figure = folder.File("null.png");
        var probed = CliRunner.Run("probe", "permutation", step20, step40, "--data", Train, "-B", "20", "-o", figure, "--json", "--blas", "managed");
        Assert.Equal(0, probed.ExitCode);
        var json = probed.Json();
        Assert.Equal("probe permutation", json.GetProperty("command").GetString());
        Assert.Contains("part=test", json.GetProperty("held_out").GetProperty("spec").GetString());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            var heldOut = row.GetProperty("report").GetProperty("held_out");
            double p = heldOut.GetProperty("p_value").GetDouble();
            int atLeast = heldOut.GetProperty("null").EnumerateArray().Count(s => s.GetDouble() >= heldOut.GetProperty("true_score").GetDouble());
            Assert.Equal((1.0 + atLeast) / 21, p, 12);
            Assert.Contains(heldOut.GetProperty("verdict").GetString(), new[] { "learning", "memorization", "both" });
            Assert.True(File.Exists(row.GetProperty("figure").GetString()));
        }
        Assert.True(File.Exists(folder.File("null-step-000020.png")));
    }

    [Fact]
    public void Permutation_FewerThanTwentyPermutations_ExitsTwoSayingWhy()
    {
        using var folder = new TempDirectory();
        var (step20, _) = Checkpoints(folder);
        var probed = CliRunner.Run("probe", "permutation", step20, "--data", Train, "-B", "5", "--blas", "managed");
        Assert.Equal(2, probed.ExitCode);
        Assert.Contains("--permutations 5: The permutation count must be >= 20; got 5. With B permutations the smallest p-value the test can give is 1/(B+1)", probed.Error);
    }

    [Fact]
    public void Similarity_LayerOutOfRange_ExitsOneListingTheValidLayers()
    {
        using var folder = new TempDirectory();
        var (step20, step40) = Checkpoints(folder);
        var probed = CliRunner.Run("probe", "similarity", step20, step40, "--data", Train, "--layer", "2", "--blas", "managed");
        Assert.Equal(1, probed.ExitCode);
        Assert.Contains("valid layers: 1 (16 units)", probed.Error);
    }

    [Fact]
    public void Similarity_Json_IsASymmetricMatrixWithOnesOnTheDiagonal_AndOtherInputDimensionsAreRefused()
    {
        using var folder = new TempDirectory();
        var (step20, step40) = Checkpoints(folder);
        var probed = CliRunner.Run("probe", "similarity", step20, step40, "--data", Train, "--json", "--blas", "managed");
        Assert.Equal(0, probed.ExitCode);
        var matrix = probed.Json().GetProperty("report").GetProperty("matrix").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(1, matrix[0][0]);
        Assert.Equal(matrix[0][1], matrix[1][0]);
        Assert.InRange(matrix[0][1], 0.5, 1);

        string other = folder.File("other.safetensors");
        // Five steps do not fit the points (exit 3), but the network is saved all the same.
        Assert.Contains(CliRunner.Run("train", "--data", "mixture:n=60,d=3,k=2,seed=1", "--hidden", "4", "--steps", "5", "-o", other, "--blas", "managed").ExitCode, new[] { 0, 3 });
        var refused = CliRunner.Run("probe", "similarity", step20, other, "--data", Train, "--blas", "managed");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("takes 3 inputs per point", refused.Error);
    }

    [Fact]
    public void Train_CheckpointEveryWithoutFolder_ExitsOne()
    {
        var trained = CliRunner.Run("train", "--data", Train, "--steps", "5", "--checkpoint-every", "2", "--blas", "managed");
        Assert.Equal(1, trained.ExitCode);
        Assert.Contains("--checkpoint-dir", trained.Error);
    }
}

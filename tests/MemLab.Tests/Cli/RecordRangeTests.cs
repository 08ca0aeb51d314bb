using MemLab.Experiments;
using MemLab.Training;

namespace MemLab.Tests.Cli;

/// <summary>
/// The ranges of options made from an options record are stated once, in the record: the command line refuses a value
/// out of range while it parses (exit 2, one line) with the record's own sentence after the option, every problem at once.
/// </summary>
public class RecordRangeTests
{
    [Fact]
    public void OutOfRange_ExitsTwoWithTheRecordsSentence()
    {
        string sentence = Assert.Single(new WidthSearchOptions { RelativePrecision = 1 }.Problems());
        var gap = CliRunner.Run("gap", "--data", "moons:n=20", "--precision", "1");
        Assert.Equal(2, gap.ExitCode);
        Assert.Equal($"memlab: --precision 1: {sentence.TrimEnd('.')}. Run 'memlab gap --help' for usage.", gap.Error.TrimEnd('\n'));
    }

    [Fact]
    public void SeveralValuesOutOfRange_AreAllNamedInOneLine()
    {
        var problems = new TrainOptions { LearningRate = 0, Steps = 0, Dropout = 1 }.Problems().ToList();
        Assert.Equal(3, problems.Count);
        var trained = CliRunner.Run("train", "--data", "moons:n=20", "--lr", "0", "--steps", "0", "--dropout", "1");
        Assert.Equal(2, trained.ExitCode);
        Assert.Single(trained.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains($"--lr 0: {problems[0]} --steps 0: {problems[1]} --dropout 1: {problems[2].TrimEnd('.')}", trained.Error);
    }

    [Fact]
    public void Problems_NameEachUnderTheValueThatCausesIt_ACombinationOnce()
    {
        var problems = OptionsBinder.Problems(new TrainOptions(),
            new Dictionary<string, string> { ["optimizer"] = "gd", ["batch"] = "8", ["steps"] = "0", ["lr"] = "0.5" });
        Assert.Equal(2, problems.Count);
        Assert.Equal("optimizer", problems.Single(p => p.Problem.StartsWith("GD is full-batch", StringComparison.Ordinal)).Name);
        Assert.Equal("steps", problems.Single(p => p.Problem.StartsWith("The step budget", StringComparison.Ordinal)).Name);
        Assert.Empty(OptionsBinder.Problems(new TrainOptions(), new Dictionary<string, string> { ["optimizer"] = "sgd", ["momentum"] = "0.5" }));
    }

    [Fact]
    public void ValidCombination_OfValuesThatAreInvalidAlone_Passes()
    {
        var trained = CliRunner.Run("train", "--data", "moons:n=20", "--hidden", "4", "--optimizer", "sgd", "--momentum", "0.5", "--steps", "2");
        Assert.NotEqual(2, trained.ExitCode);
        var gap = CliRunner.Run("gap", "--data", "moons:n=20", "--start", "8", "--max-width", "8", "--steps", "2", "--seeds", "1");
        Assert.NotEqual(2, gap.ExitCode);
    }
}

using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Store;

namespace MemLab.Tests.Reporting;

public class SlowdownTests
{
    private static readonly SweepSpec Spec = new()
    {
        Name = "slowdown-test", Task = "train", Data = "mnist:split=train,holdout=0.2",
        Grid = [new SweepParameter("dropout", ["0", "0.5", "0.9"]), new SweepParameter("labels", ["randomize:0", "randomize:1"])],
        Repetitions = 2, Metrics = ["steps_to_memorize", "memorized"],
    };

    // Steps per (dropout, labels) for repetitions 0 and 1; null: that run did not memorize.
    private static readonly Dictionary<string, double?[]> Steps = new()
    {
        ["0/randomize:0"] = [90, 110], ["0.5/randomize:0"] = [150, 150], ["0.9/randomize:0"] = [400, null],
        ["0/randomize:1"] = [500, 500], ["0.5/randomize:1"] = [1500, 2500], ["0.9/randomize:1"] = [null, null],
    };

    private static List<RunRecord> Runs() => Runs(Spec, run => Steps[run.Cell.Parameters[0].Value + "/" + run.Cell.Parameters[1].Value][run.Repetition]);

    private static List<RunRecord> Runs(SweepSpec spec, Func<SweepRun, double?> stepsOf) => spec.Runs().Select(run =>
    {
        double? steps = stepsOf(run);
        return new RunRecord(run.Cell, run.Repetition, run.Seed, RunStatus.Ok, null,
            new Dictionary<string, double?> { ["steps_to_memorize"] = steps, ["memorized"] = steps is null ? 0 : 1 },
            DateTimeOffset.UnixEpoch, 1000, "0.1.0", "test machine");
    }).ToList();

    [Fact]
    public void Cells_RatioToTheGroupsMeanAtDropoutZero()
    {
        var table = ResultsTable.Aggregate(Spec, Runs());

        Assert.True(Slowdown.Applies(table));
        Assert.Equal(["labels=randomize:0", "labels=randomize:1"], Slowdown.Groups(table));
        var cells = Slowdown.Cells(table).ToDictionary(c => (c.Dropout, c.Group));
        Assert.Equal(1.5, cells[(0.5, "labels=randomize:0")].Ratio!.Value, 12);
        Assert.Equal(4.0, cells[(0.5, "labels=randomize:1")].Ratio!.Value, 12);
        Assert.Equal(4.0, cells[(0.9, "labels=randomize:0")].Ratio!.Value, 12);
        Assert.Equal(0.5, cells[(0.9, "labels=randomize:0")].MemorizedRate);
        Assert.Null(cells[(0.9, "labels=randomize:1")].Ratio);
        Assert.Equal(0, cells[(0.9, "labels=randomize:1")].MemorizedRate);
        Assert.Equal(1.0, cells[(0, "labels=randomize:1")].Ratio);
    }

    [Fact]
    public void HtmlReport_ShowsTheSlowdownTableWithTheRatioOfRatiosAndItsFigure()
    {
        string html = HtmlReport.Render(Spec, Runs());

        Assert.Contains("id=\"slowdown\"", html);
        Assert.Contains("<th>labels=randomize:1 / labels=randomize:0</th>", html);
        // Dropout 0.5: real labels 1.5x, random labels 4x, so noise is slowed 4 / 1.5 = 2.66667 times as much.
        Assert.Contains("<tr><td>0.5</td><td>1.5 (150 steps; 1)</td><td>4 (2000 steps; 1)</td><td>2.66667</td></tr>", html);
        Assert.Contains("<td>not memorized (0)</td>", html);
        Assert.Contains("over the mean at dropout 0, one line per group", html);
    }

    [Fact]
    public void Applies_NeedsDropoutZeroAndTheSpeedMetric()
    {
        var noZero = Spec with { Grid = [new SweepParameter("dropout", ["0.1", "0.5"]), Spec.Grid[1]] };
        var noSteps = Spec with { Metrics = ["memorized"] };

        var withoutZero = ResultsTable.Aggregate(noZero, Runs(noZero, _ => 100));

        Assert.False(Slowdown.Applies(withoutZero));
        Assert.False(Slowdown.Applies(ResultsTable.Aggregate(noSteps, Runs())));
        var error = Assert.Throws<MemLabException>(() => Slowdown.Cells(withoutZero));
        Assert.Contains("'dropout'", error.Message);
    }
}

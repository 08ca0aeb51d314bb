using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Experiments;

public class DissectionTaskTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SweepSpec Spec() => SweepSpec.Parse("""
        { "name": "dissection-test", "version": 1, "task": "dissection", "data": "mixture:n=120,d=6,k=3,spread=0.3",
          "grid": { "first": [0, 1, 2, 3], "second": [0, 1, 2, 3], "seeds": [2], "width": [8], "steps": [300] },
          "repetitions": 1, "seed": 2,
          "figures": [ { "kind": "heatmap", "x": "first", "rows": "second", "y": "cka" } ] }
        """, "test");

    [Fact]
    public void Sweep_FillsASymmetricCkaMatrixWithOnesOnTheDiagonal_AndTheReportDrawsItWithTheMeans()
    {
        var spec = Spec();
        using var store = SqliteRunStore.Open(_folder.File("d.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(16, SweepRunner.Run(spec, store, TestSweeps.Options(workers: 2)).Succeeded);
        var runs = store.ReadRuns();
        double Cka(int first, int second) => runs.Single(r =>
            r.Cell.Parameters.Single(p => p.Key == "first").Value == $"{first}" && r.Cell.Parameters.Single(p => p.Key == "second").Value == $"{second}").Metrics["cka"]!.Value;
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(1, Cka(i, i));
            for (int j = 0; j < i; j++)
            {
                // Network i is the same network in every cell, so cell (i, j) and cell (j, i) compare the same pair.
                Assert.Equal(Cka(i, j), Cka(j, i));
                Assert.InRange(Cka(i, j), 0, 0.9999);
            }
        }
        Assert.All(runs, r => Assert.Equal(r.Cell.Parameters.Single(p => p.Key == "first").Value is "2" or "3" ? 1 : 0, r.Metrics["first_random"]));

        var summary = Dissection.Summarize(ResultsTable.Aggregate(spec, runs));
        Assert.Equal(12, summary.Pairs);
        Assert.Equal(Cka(0, 1), summary.WithinTrue!.Value, 12);
        Assert.Equal(Cka(2, 3), summary.WithinRandom!.Value, 12);
        Assert.Equal((Cka(0, 2) + Cka(0, 3) + Cka(1, 2) + Cka(1, 3)) / 4, summary.Across!.Value, 12);
        string html = HtmlReport.Render(spec, runs);
        Assert.Contains("id=\"dissection\"", html);
        Assert.Contains("cka over first and second", html);
    }

    [Fact]
    public void Parameters_AreTheTrainRecipesUnderTheSameNames_PlusTheEarlierWidth()
    {
        var parameters = new DissectionTask().Parameters;
        Assert.All(TrainTask.RecipeParameters, name => Assert.Contains(name, parameters));
        Assert.Equal(["first", "second", "seeds", .. TrainTask.RecipeParameters, "width"], parameters);
    }

    [Fact]
    public void Run_WidthAndHidden_TrainTheSameNetworks_BothAtOnceIsRefused()
    {
        var blas = new MemLab.LinearAlgebra.ManagedBlas(1);
        var data = MemLab.Data.DatasetLoader.Load("mixture:n=40,d=4,k=2,spread=0.3,seed=3", new MemLab.Data.DataLoadContext(null, blas));
        IReadOnlyDictionary<string, double?> Run(string key, string value) => new DissectionTask().Run(new SweepTaskInput(data,
            new Dictionary<string, string> { ["first"] = "0", ["second"] = "3", ["seeds"] = "2", ["steps"] = "50", [key] = value }, new Seed(1), blas));
        var hidden = Run("hidden", "8");
        Assert.Equal(hidden, Run("width", "8"));
        Assert.NotEqual(hidden["cka"], Run("hidden", "9")["cka"]);
        var both = Assert.Throws<MemLabException>(() => new DissectionTask().Run(new SweepTaskInput(data,
            new Dictionary<string, string> { ["width"] = "8", ["hidden"] = "8" }, new Seed(1), blas)));
        Assert.Contains("hidden twice, once as width", both.Message);
    }

    [Fact]
    public void Run_IndexBeyondTheNetworks_FailsSayingTheRange()
    {
        var spec = SweepSpec.Parse("""
            { "name": "d", "task": "dissection", "data": "mixture:n=30,d=2,k=2", "grid": { "first": [0], "second": [4], "seeds": [2] }, "seed": 1 }
            """, "test");
        using var store = SqliteRunStore.Open(_folder.File("bad.db"), spec, TimeSpan.FromSeconds(5));
        SweepRunner.Run(spec, store, TestSweeps.Options());
        var run = Assert.Single(store.ReadRuns());
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("0 to 3", run.Message);
    }
}

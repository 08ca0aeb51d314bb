using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;
using MemLab.Training;

namespace MemLab.Tests.Experiments;

public class TrainTaskTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SweepSpec Spec(string data, string grid) => SweepSpec.Parse($$"""
        { "name": "train-test", "version": 1, "task": "train", "data": "{{data}}",
          "grid": {{grid}}, "repetitions": 2, "seed": 5,
          "metrics": ["memorized", "steps_to_memorize", "final_loss", "train_accuracy", "test_accuracy", "verified"] }
        """, "test");

    [Fact]
    public void Sweep_RecordsWhatTheTrainerReportsForEachRun()
    {
        var spec = Spec("gaussian:n=120,d=10", """{ "hidden": ["4", "64"], "lr": ["0.02"], "steps": ["400"] }""");
        using var store = SqliteRunStore.Open(_folder.File("t.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(4, SweepRunner.Run(spec, store, TestSweeps.Options()).Succeeded);
        var blas = new ManagedBlas(1);
        foreach (var (run, record) in spec.Runs().Zip(store.ReadRuns()))
        {
            var data = DatasetLoader.Load(spec.DataSpecFor(run), new DataLoadContext(null, blas));
            int width = int.Parse(run.Cell.Parameters.Single(p => p.Key == "hidden").Value, System.Globalization.CultureInfo.InvariantCulture);
            var result = new Trainer(blas).Train(data, new TrainOptions { Hidden = [width], LearningRate = 0.02, Steps = 400 }, run.Seed.Derive("task"));
            Assert.Equal(result.Memorized ? 1.0 : 0.0, record.Metrics["memorized"]);
            Assert.Equal(result.FirstMemorizedStep, record.Metrics["steps_to_memorize"]);
            Assert.Equal(result.FinalLoss, record.Metrics["final_loss"]);
            Assert.Null(record.Metrics["test_accuracy"]);
        }
        // Width 4 cannot fit 120 random labels in 10 dimensions; width 64 does.
        var memorizedByWidth = spec.Runs().Zip(store.ReadRuns()).GroupBy(p => p.First.Cell.Parameters.Single(q => q.Key == "hidden").Value)
            .ToDictionary(g => g.Key, g => g.Average(p => p.Second.Metrics["memorized"]!.Value));
        Assert.Equal(0.0, memorizedByWidth["4"]);
        Assert.Equal(1.0, memorizedByWidth["64"]);
    }

    [Fact]
    public void Run_HeldOutSpec_RecordsTestAccuracyOnTheTestPart()
    {
        var spec = Spec("moons:n=400,noise=0.1,holdout=0.25", """{ "hidden": ["32"], "steps": ["300"], "lr": ["0.05"] }""");
        using var store = SqliteRunStore.Open(_folder.File("h.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(2, SweepRunner.Run(spec, store, TestSweeps.Options()).Succeeded);
        foreach (var record in store.ReadRuns())
        {
            // Moons are learnable, so held-out accuracy is far above chance (0.5).
            Assert.InRange(record.Metrics["test_accuracy"]!.Value, 0.8, 1.0);
        }
    }

    [Theory]
    [InlineData("hidden", "wide")]
    [InlineData("optimizer", "lbfgs")]
    [InlineData("lr", "fast")]
    [InlineData("loss", "l1")]
    public void Run_BadParameterValue_RecordedAsFailedNamingIt(string name, string value)
    {
        var spec = Spec("gaussian:n=20,d=3", $$"""{ "{{name}}": ["{{value}}"] }""");
        using var store = SqliteRunStore.Open(_folder.File($"{name}.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(2, SweepRunner.Run(spec, store, TestSweeps.Options()).Failed);
        Assert.Contains($"{name}={value}", store.ReadRuns().First().Message);
    }

    [Fact]
    public void Options_ParsesKebabCaseWordsAndWidthLists()
    {
        var options = TrainTask.Options(new Dictionary<string, string>
        {
            ["hidden"] = "160x64", ["loss"] = "cross-entropy", ["init"] = "xavier-uniform", ["optimizer"] = "sgd", ["batch"] = "32",
        });
        Assert.Equal([160, 64], options.Hidden);
        Assert.Equal(Loss.CrossEntropy, options.Loss);
        Assert.Equal(Initialization.XavierUniform, options.Initialization);
        Assert.Equal(Optimizer.Sgd, options.Optimizer);
        Assert.Equal(32, options.BatchSize);
    }
}

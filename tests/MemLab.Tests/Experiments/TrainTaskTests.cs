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
          "metrics": ["memorized", "steps_to_memorize", "final_loss", "train_accuracy", "test_accuracy", "verified", "epochs_to_memorize"] }
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

    [Fact]
    public void DataSpecFor_CellsDifferingInDropout_ShareHeldOutPointsAndCorruptedLabels()
    {
        var spec = Spec("mixture:n=200,d=4,k=4,holdout=0.25,labels=randomize:0.5", """{ "dropout": ["0", "0.5", "0.9"] }""");
        var context = new DataLoadContext(null, new ManagedBlas(1));

        foreach (var repetition in spec.Runs().GroupBy(r => r.Repetition))
        {
            var specs = repetition.Select(spec.DataSpecFor).Distinct().ToList();
            Assert.Single(specs);
            var train = DatasetLoader.Load(specs[0], context);
            var test = DatasetLoader.Load(HeldOutSpec.For(specs[0] + ",part=train"), context);
            Assert.Equal((150, 50), (train.SampleCount, test.SampleCount));
        }
        // Each repetition draws its own split and corruption.
        var perRepetition = spec.Runs().GroupBy(r => r.Repetition).Select(g => DatasetLoader.Load(spec.DataSpecFor(g.First()), context).ContentHash());
        Assert.Equal(2, perRepetition.Distinct().Count());
    }

    [Fact]
    public void Sweep_RandomLabelsAndGaussianInputs_NoiseIsMemorizedButNotLearned()
    {
        // Four separated clusters: true labels are learned (high test accuracy); random labels and Gaussian inputs are only memorized.
        var spec = Spec("mixture:n=240,d=20,k=4,spread=0.5,holdout=0.25",
            """{ "labels": ["randomize:0", "randomize:1"], "inputs": ["original", "gaussian"], "hidden": ["64"], "loss": ["cross-entropy"], "lr": ["0.01"], "steps": ["3000"], "batch": ["60"] }""");
        using var store = SqliteRunStore.Open(_folder.File("noise.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(8, SweepRunner.Run(spec, store, TestSweeps.Options()).Succeeded);

        var metrics = spec.Runs().Zip(store.ReadRuns()).GroupBy(p => (Labels: Parameter(p.First, "labels"), Inputs: Parameter(p.First, "inputs")))
            .ToDictionary(g => g.Key, g => g.Select(p => p.Second.Metrics).ToList());
        Assert.All(metrics.Values.SelectMany(m => m), m => Assert.Equal(1.0, m["memorized"]));
        Assert.All(metrics[("randomize:0", "original")], m => Assert.InRange(m["test_accuracy"]!.Value, 0.9, 1.0));
        foreach (var noise in new[] { ("randomize:1", "original"), ("randomize:0", "gaussian"), ("randomize:1", "gaussian") })
            Assert.All(metrics[noise], m => Assert.InRange(m["test_accuracy"]!.Value, 0, 0.6));
        // 180 training points in batches of 60: three steps per epoch, checked once per epoch.
        Assert.All(metrics.Values.SelectMany(m => m), m => Assert.Equal(m["steps_to_memorize"]!.Value / 3, m["epochs_to_memorize"]!.Value));
        Assert.All(metrics.Values.SelectMany(m => m), m => Assert.Equal(0, m["steps_to_memorize"]!.Value % 3));
        Assert.True(metrics[("randomize:1", "original")].Average(m => m["steps_to_memorize"]!.Value)
                    > metrics[("randomize:0", "original")].Average(m => m["steps_to_memorize"]!.Value));
    }

    private static string Parameter(SweepRun run, string name) => run.Cell.Parameters.Single(p => p.Key == name).Value;

    [Theory]
    [InlineData("hidden", "wide")]
    [InlineData("optimizer", "lbfgs")]
    [InlineData("lr", "fast")]
    [InlineData("loss", "l1")]
    [InlineData("dropout", "half")]
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

using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Training;

namespace MemLab.Tests.Training;

public class TrainerTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, Blas));

    private static TrainingResult Train(Dataset data, TrainOptions options, ulong seed = 0, IBlas? blas = null) =>
        new Trainer(blas ?? Blas).Train(data, options, new Seed(seed));

    [Fact]
    public void Train_Gaussian2000x50RandomLabelsWidth160Adam_MemorizesWithin300Steps()
    {
        var data = Load("gaussian:n=2000,d=50,seed=0");
        var options = new TrainOptions { Hidden = [160], Optimizer = Optimizer.Adam, LearningRate = 0.01, Loss = Loss.Logistic, Steps = 300 };
        var result = Train(data, options);
        Assert.Equal(StopReason.Memorized, result.StopReason);
        Assert.True(result.Steps <= 300, $"took {result.Steps} steps");
        Assert.Equal(1.0, result.TrainAccuracy);
        // The float32 claim is checked independently in float64 on every point.
        Assert.NotNull(result.Verification);
        Assert.True(result.Verification.Memorized, $"float64 verification fails on {result.Verification.FailureCount} points");
        Assert.Equal([160, 1], result.Network!.Widths);
        Assert.Equal(OutputRule.Sign, result.Network.OutputRule);
    }

    [Fact]
    public void Train_SameSeedTwice_GivesIdenticalWeightsAndCurves()
    {
        var data = Load("moons:n=200,noise=0.1,seed=3");
        var options = new TrainOptions { Hidden = [16, 8], Optimizer = Optimizer.Sgd, BatchSize = 32, LearningRate = 0.05, Dropout = 0.2, Steps = 60 };
        var first = Train(data, options, seed: 5);
        var second = Train(data, options, seed: 5);
        var third = Train(data, options, seed: 6);
        Assert.Equal(first.Curves.Select(p => (p.Step, p.Loss, p.Accuracy)), second.Curves.Select(p => (p.Step, p.Loss, p.Accuracy)));
        for (int l = 0; l < 3; l++)
            Assert.True(first.Network!.Layers[l].StoredWeights.SequenceEqual(second.Network!.Layers[l].StoredWeights));
        Assert.False(first.Network!.Layers[0].StoredWeights.SequenceEqual(third.Network!.Layers[0].StoredWeights));
    }

    [Fact]
    public void Train_ManagedBlasOneAndTwoThreads_GiveIdenticalWeights()
    {
        var data = Load("gaussian:n=300,d=20,seed=1");
        var options = new TrainOptions { Hidden = [40], Steps = 30 };
        var one = Train(data, options, seed: 2, blas: new ManagedBlas(1)).Network!;
        var two = Train(data, options, seed: 2, blas: new ManagedBlas(2)).Network!;
        Assert.True(one.Layers[0].StoredWeights.SequenceEqual(two.Layers[0].StoredWeights));
        Assert.True(one.Layers[1].StoredWeights.SequenceEqual(two.Layers[1].StoredWeights));
    }

    [Fact]
    public void Train_MinibatchSgd_ChecksOncePerEpochAndStopsAtTheBudget()
    {
        var data = Load("gaussian:n=100,d=5,seed=4");
        var options = new TrainOptions { Hidden = [3], Optimizer = Optimizer.Sgd, BatchSize = 30, LearningRate = 0.01, Steps = 10 };
        var result = Train(data, options);
        // 100 points in batches of 30 is 4 steps per epoch: checks at steps 0, 4, 8 and at the end (10).
        Assert.Equal(StopReason.StepBudget, result.StopReason);
        Assert.Equal(10, result.Steps);
        Assert.Equal([0, 4, 8, 10], result.Curves.Select(p => p.Step));
        // Two full epochs (30 + 30 + 30 + 10 points each), then two batches of 30: 260 points.
        Assert.Equal(2.6, result.Epochs, 12);
        Assert.False(result.Memorized);
    }

    [Theory]
    [InlineData(Loss.CrossEntropy, Optimizer.Adam, 0.01)]
    [InlineData(Loss.Square, Optimizer.Adam, 0.01)]
    public void Train_ThreeRandomClasses_MemorizesWithArgmaxOutputs(Loss loss, Optimizer optimizer, double rate)
    {
        var data = Load("gaussian:n=150,d=10,labels=random:3,seed=2");
        var result = Train(data, new TrainOptions { Hidden = [64], Loss = loss, Optimizer = optimizer, LearningRate = rate, Steps = 1000 });
        Assert.True(result.Memorized, $"{loss}: accuracy {result.TrainAccuracy} after {result.Steps} steps");
        Assert.Equal(OutputRule.Argmax, result.Network!.OutputRule);
        Assert.Equal(3, result.Network.OutputCount);
        Assert.True(result.Verification!.Memorized);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    public void Train_FullBatchGd_MemorizesAMoonsSample(double momentum)
    {
        var data = Load("moons:n=100,noise=0.05,seed=1");
        var result = Train(data, new TrainOptions { Hidden = [64], Optimizer = Optimizer.Gd, Momentum = momentum, LearningRate = 0.5, Steps = 5000 });
        Assert.True(result.Memorized, $"momentum {momentum}: accuracy {result.TrainAccuracy} after {result.Steps} steps");
        Assert.True(result.Verification!.Memorized);
    }

    [Fact]
    public void Train_TimeLimitAlreadyPassed_StopsAtTheFirstCheckWithAVerifiedNetwork()
    {
        var data = Load("gaussian:n=100,d=5,seed=4");
        var result = Train(data, new TrainOptions { Hidden = [8], TimeLimitSeconds = 1e-12, Steps = 1000 });
        Assert.Equal(StopReason.TimeLimit, result.StopReason);
        Assert.Equal(0, result.Steps);
        Assert.Single(result.Curves);
        Assert.Equal(result.Verification!.FailureCount, (int)Math.Round((1 - result.TrainAccuracy) * 100));
    }

    [Fact]
    public void Train_KeepTrainingPastMemorization_RecordsTheFirstMemorizedStepAndUsesTheBudget()
    {
        var data = Load("moons:n=100,noise=0.05,seed=1");
        var options = new TrainOptions { Hidden = [32], LearningRate = 0.05, Steps = 2000 };
        var stopped = Train(data, options);
        var kept = Train(data, options with { StopWhenMemorized = false });
        Assert.Equal(stopped.Steps, stopped.FirstMemorizedStep);
        Assert.Equal(stopped.Steps, kept.FirstMemorizedStep);
        Assert.Equal(2000, kept.Steps);
        Assert.Equal(StopReason.StepBudget, kept.StopReason);
        Assert.True(kept.FinalLoss < stopped.FinalLoss);
    }

    [Fact]
    public void Train_HugeLearningRate_StopsAsDivergedWithTheStepAndCurvesSoFar()
    {
        var data = Load("gaussian:n=200,d=10,seed=0");
        var result = Train(data, new TrainOptions { Hidden = [32], Optimizer = Optimizer.Gd, Loss = Loss.Square, LearningRate = 1e6, InitScale = 10, Steps = 500 });
        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.NotNull(result.DivergedAtStep);
        Assert.True(result.DivergedAtStep < 500);
        Assert.Equal(result.DivergedAtStep, result.Curves[^1].Step);
        Assert.False(double.IsFinite(result.Curves[^1].Loss));
        Assert.True(result.Curves.Count >= 2 && double.IsFinite(result.Curves[0].Loss));
        Assert.Null(result.Network);
        Assert.Null(result.Verification);
    }

    [Theory]
    [InlineData(0.0, "learning rate")]
    [InlineData(-1.0, "learning rate")]
    [InlineData(double.NaN, "learning rate")]
    public void Train_BadLearningRate_Throws(double rate, string expected)
    {
        var data = Load("gaussian:n=20,d=3");
        var e = Assert.Throws<MemLabException>(() => Train(data, new TrainOptions { LearningRate = rate }));
        Assert.Equal(MemLabErrorKind.InvalidOptions, e.Kind);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Train_ImpossibleWidthsAndBudgets_ThrowNamingEachProblem()
    {
        var data = Load("gaussian:n=20,d=3");
        var e = Assert.Throws<MemLabException>(() => Train(data, new TrainOptions { Hidden = [10, 0], Steps = 0, BatchSize = 0, Dropout = 1 }));
        Assert.Contains("hidden width", e.Message);
        Assert.Contains("step budget", e.Message);
        Assert.Contains("batch size", e.Message);
        Assert.Contains("Dropout", e.Message);
        var huge = Assert.Throws<MemLabException>(() => Train(data, new TrainOptions { Hidden = [2_000_000_000, 2] }));
        Assert.Contains("narrower", huge.Message);
    }

    [Theory]
    [InlineData(Loss.Logistic)]
    [InlineData(Loss.Hinge)]
    public void Train_BinaryLossOnThreeClasses_ThrowsSuggestingCrossEntropy(Loss loss)
    {
        var data = Load("mixture:n=30,d=2,k=3,labels=random:3");
        var e = Assert.Throws<MemLabException>(() => Train(data, new TrainOptions { Loss = loss }));
        Assert.Equal(MemLabErrorKind.InvalidData, e.Kind);
        Assert.Contains("cross-entropy", e.Message);
    }

    [Fact]
    public void Train_SavedNetwork_LoadsAndVerifiesLikeAnyMemlabNetwork()
    {
        var data = Load("moons:n=100,noise=0.05,seed=1");
        var result = Train(data, new TrainOptions { Hidden = [32], LearningRate = 0.05, Steps = 2000 });
        Assert.True(result.Memorized);
        string path = Path.Combine(Path.GetTempPath(), $"memlab-trainer-{Guid.NewGuid():N}.safetensors");
        try
        {
            NetworkFile.Save(result.Network!, path);
            var loaded = NetworkFile.Load(path);
            Assert.Equal("train", loaded.Provenance.Method);
            Assert.Contains("\"hidden\":[32]", loaded.Provenance.OptionsJson);
            Assert.True(Verification.Verify(loaded, data, Blas).Memorized);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(StopReason.Diverged, false)]
    [InlineData(StopReason.StepBudget, true)]
    public void Memorized_LastCheckAllCorrect_CountsOnlyWhenTrainingDidNotDiverge(StopReason reason, bool memorized)
    {
        var result = new TrainingResult
        {
            Network = null,
            Curves = [new CurvePoint(0, 0.7, 0.5, 0), new CurvePoint(5, double.PositiveInfinity, 1, 0.1)],
            StopReason = reason,
            Steps = 5,
            BatchSize = 10,
            Epochs = 5,
            FirstMemorizedStep = 5,
            DivergedAtStep = reason == StopReason.Diverged ? 5 : null,
            Verification = null,
            Seconds = 0.1,
            Backend = "test",
        };
        Assert.Equal(memorized, result.Memorized);
    }

    [Fact]
    public void Train_NoHiddenLayer_FitsALinearModelToLinearlySeparableLabels()
    {
        var rng = new Seed(21).CreateRng();
        var features = new float[200 * 3];
        rng.FillGaussian(features);
        var labels = new int[200];
        for (int i = 0; i < labels.Length; i++) labels[i] = features[i * 3] - 0.5f * features[i * 3 + 2] > 0 ? 1 : 0;
        var data = Dataset.Classification(features, 3, labels, null, DatasetProvenance.InMemory("a linear rule"));
        var result = Train(data, new TrainOptions { Hidden = [], LearningRate = 0.1, Steps = 2000 });
        var layer = Assert.Single(result.Network!.Layers);
        Assert.Equal(Activation.Identity, layer.Activation);
        Assert.True(result.TrainAccuracy >= 0.98, $"training accuracy {result.TrainAccuracy}");
        // The rule weighs x0 against -0.5 x2 and ignores x1.
        Assert.True(layer.StoredWeights[0] > 0 && layer.StoredWeights[2] < 0 && Math.Abs(layer.StoredWeights[1]) < 0.5 * layer.StoredWeights[0]);
    }

    [Fact]
    public void Train_CheckpointEvery_HandsOverTheNetworkAtEachMultipleAndTheLastIsTheResult()
    {
        var data = Load("gaussian:n=40,d=5");
        var steps = new List<int>();
        Network? last = null;
        var result = new Trainer(Blas, null, (step, network) => { steps.Add(step); last = network; })
            .Train(data, new TrainOptions { Hidden = [8], Steps = 20, CheckpointEvery = 5, StopWhenMemorized = false }, new Seed(0));
        Assert.Equal([5, 10, 15, 20], steps);
        Assert.Equal(result.Network!.Layers[0].StoredWeights.ToArray(), last!.Layers[0].StoredWeights.ToArray());
        var e = Assert.Throws<MemLabException>(() => Train(data, new TrainOptions { CheckpointEvery = 0 }));
        Assert.Contains("CheckpointEvery", e.Message);
    }
}

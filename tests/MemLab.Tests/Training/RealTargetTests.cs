using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Training;

namespace MemLab.Tests.Training;

/// <summary>Training on real targets: square loss on one output, memorized when every |f(x) - y| is within the tolerance.</summary>
public class RealTargetTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, Blas));

    [Fact]
    public void Train_UniformTargets_InterpolatesWithinTheDefaultToleranceInFloat64()
    {
        var data = Load("gaussian:n=120,d=8,targets=uniform,seed=1");
        var result = new Trainer(Blas).Train(data, new TrainOptions { Hidden = [96], Loss = Loss.Square, Steps = 4000 }, new Seed(0));
        double range = data.Targets.ToArray().Max() - data.Targets.ToArray().Min();
        Assert.Equal(1e-3 * range, result.Tolerance!.Value, 15);
        Assert.Equal(StopReason.Memorized, result.StopReason);
        Assert.Equal(OutputRule.Value, result.Network!.OutputRule);
        Assert.True(result.Verification!.Memorized, $"max error {result.Verification.MaxError}");
        Assert.Equal(result.Tolerance, result.Verification.Tolerance);
        // The float64 claim recomputed here, point by point, from the saved network.
        var outputs = ForwardPass.Evaluate(result.Network, data, Blas, Precision.Float64);
        for (int i = 0; i < data.SampleCount; i++)
            Assert.True(Math.Abs(outputs[i] - data.Targets[i]) <= result.Tolerance, $"point {i}: {outputs[i]} vs {data.Targets[i]}");
    }

    [Fact]
    public void Train_LooseToleranceGiven_StopsEarlierThanTheDefault()
    {
        var data = Load("gaussian:n=120,d=8,targets=uniform,seed=1");
        var options = new TrainOptions { Hidden = [96], Loss = Loss.Square, Steps = 4000 };
        var tight = new Trainer(Blas).Train(data, options, new Seed(0));
        var loose = new Trainer(Blas).Train(data, options with { Tolerance = 0.1 }, new Seed(0));
        Assert.Equal(0.1, loose.Tolerance);
        Assert.True(loose.Verification!.Memorized);
        Assert.True(loose.Verification.MaxError <= 0.1);
        Assert.True(loose.Steps < tight.Steps, $"loose {loose.Steps} steps, tight {tight.Steps}");
    }

    [Fact]
    public void Train_ShortBudget_IsNotMemorizedAndVerificationNamesTheError()
    {
        var data = Load("gaussian:n=120,d=8,targets=uniform,seed=1");
        var result = new Trainer(Blas).Train(data, new TrainOptions { Hidden = [4], Loss = Loss.Square, Steps = 20 }, new Seed(0));
        Assert.Equal(StopReason.StepBudget, result.StopReason);
        Assert.False(result.Memorized);
        Assert.False(result.Verification!.Memorized);
        Assert.True(result.Verification.MaxError > result.Tolerance);
    }

    [Theory]
    [InlineData(Loss.Logistic)]
    [InlineData(Loss.CrossEntropy)]
    [InlineData(Loss.Hinge)]
    public void Train_RealTargetsWithAClassificationLoss_IsRefusedNamingSquare(Loss loss)
    {
        var data = Load("gaussian:n=20,d=3,targets=uniform,seed=1");
        var error = Assert.Throws<MemLabException>(() => new Trainer(Blas).Train(data, new TrainOptions { Hidden = [4], Loss = loss }, new Seed(0)));
        Assert.Contains("--loss square", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_ToleranceNotPositiveFinite_IsRefused(double tolerance)
    {
        var error = Assert.Throws<MemLabException>(() => new TrainOptions { Tolerance = tolerance }.Validate());
        Assert.Contains("tolerance", error.Message);
    }

    [Fact]
    public void EvaluateReal_CountsPointsWithinTheToleranceAndGivesTheErrorAsGradient()
    {
        float[] outputs = [0.5f, 1.0f, -2f];
        float[] targets = [0.5f, 1.25f, -1.5f];
        var gradient = new float[3];
        var (sum, correct) = LossFunctions.EvaluateReal<float>(outputs, 3, targets, gradient, 0.5f, tolerance: 0.25);
        // |0| and |-0.25| are within 0.25, |-0.5| is not; loss 0.5 (0 + 0.0625 + 0.25).
        Assert.Equal(2, correct);
        Assert.Equal(0.15625, sum, 12);
        Assert.Equal([0f, -0.125f, -0.25f], gradient);
    }

    [Fact]
    public void TargetTolerance_AllTargetsEqual_FallsBackToAnAbsoluteThousandth()
    {
        var data = Dataset.Regression([0f, 1f, 2f], 1, [3.0, 3.0, 3.0], DatasetProvenance.InMemory("three"));
        Assert.Equal(1e-3, TargetTolerance.For(data, null));
        Assert.Equal(0.5, TargetTolerance.For(data, 0.5));
        Assert.Null(TargetTolerance.For(Load("gaussian:n=10,d=2,seed=0"), 0.5));
    }

    [Fact]
    public void TrainTask_RealTargets_RecordsMaxErrorAndTolerance()
    {
        var data = Load("gaussian:n=60,d=5,targets=uniform,seed=2");
        var metrics = new TrainTask().Run(new SweepTaskInput(data, new Dictionary<string, string> { ["hidden"] = "64", ["loss"] = "square", ["steps"] = "3000", ["tolerance"] = "0.01" },
            new Seed(1), Blas));
        Assert.Equal(1, metrics["memorized"]);
        Assert.Equal(0.01, metrics["tolerance"]);
        Assert.True(metrics["max_error"] <= 0.01);
    }
}

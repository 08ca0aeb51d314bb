using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

public class EvaluationTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    private static Network Linear(double weight, OutputRule rule) =>
        new([new DenseLayer(1, 1, [weight], [0], Activation.Identity)], rule, NetworkProvenance.Manual());

    [Fact]
    public void Evaluate_SignNetworkOnFivePoints_MatchesTheHandCount()
    {
        // o = x, class 1 when o > 0: predictions 0, 1, 1, 0, 1 against labels 0, 1, 0, 0, 1.
        var data = TestNetworks.Labelled([-1, 2, 3, -4, 5], 1, [0, 1, 0, 0, 1]);
        var report = Evaluation.Evaluate(Linear(1, OutputRule.Sign), data, Blas);
        Assert.Equal(0.8, report.Accuracy);
        Assert.Equal(4, report.CorrectCount);
        Assert.Equal(2.0 / 3, report.PerClassAccuracy[0]!.Value, 12);
        Assert.Equal(1.0, report.PerClassAccuracy[1]);
        Assert.Equal([2, 1], report.Confusion[0]);
        Assert.Equal([0, 2], report.Confusion[1]);
        Assert.Null(report.MeanError);
    }

    [Fact]
    public void Evaluate_ValueNetwork_ReportsMeanAndLargestError()
    {
        // o = 2x against targets 2, 4.5, 5: errors 0, 0.5, 1.
        var data = TestNetworks.Real([1, 2, 3], 1, [2, 4.5, 5]);
        var report = Evaluation.Evaluate(Linear(2, OutputRule.Value), data, Blas);
        Assert.Equal(0.5, report.MeanError!.Value, 12);
        Assert.Equal(1.0, report.MaxError!.Value, 12);
        Assert.Null(report.Accuracy);
    }

    [Fact]
    public void Evaluate_DataOfAnotherDimension_ThrowsNamingBoth()
    {
        var data = TestNetworks.Labelled([1, 2, 3, 4], 2, [0, 1]);
        var error = Assert.Throws<MemLabException>(() => Evaluation.Evaluate(Linear(1, OutputRule.Sign), data, Blas));
        Assert.Contains("1 inputs", error.Message);
        Assert.Contains("2 features", error.Message);
    }

    [Fact]
    public void Evaluate_ClassifierOnRealTargets_Throws()
    {
        var data = TestNetworks.Real([1, 2], 1, [0.5, 1.5]);
        var error = Assert.Throws<MemLabException>(() => Evaluation.Evaluate(Linear(1, OutputRule.Sign), data, Blas));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
    }
}

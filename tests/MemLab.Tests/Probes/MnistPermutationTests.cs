using MemLab.LinearAlgebra;
using MemLab.Probes;
using MemLab.Training;

namespace MemLab.Tests.Probes;

/// <summary>
/// A small version of the acceptance check on real MNIST: 500 training images, a 784-64-10 ReLU network trained
/// until it fits every image, once on the true labels and once on random labels, probed at its hidden layer with B = 20
/// against 300 test images. The full-size check (5,000 images) is in docs/probes.md.
/// </summary>
public class MnistPermutationTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    [Theory]
    [InlineData("", ProbeVerdict.Learning)]
    [InlineData(",labels=random:10", ProbeVerdict.Memorization)]
    public void Run_TrueLabelsAreLearning_RandomLabelsAreMemorization(string labels, ProbeVerdict expected)
    {
        var lab = new Lab(Blas, TestData.Directory);
        var train = lab.LoadData($"mnist:subsample=500,seed=1{labels}");
        var test = lab.LoadData("mnist:split=test,subsample=300,seed=2");
        var trained = new Trainer(Blas).Train(train, new TrainOptions { Hidden = [64], Loss = Loss.CrossEntropy, Steps = 1500 }, new Seed(3));
        Assert.True(trained.Memorized, $"the network fits {trained.TrainAccuracy} of its training labels");
        var report = PermutationTest.Run(trained.Network!, train, test, new PermutationOptions { Permutations = 20 }, new Seed(4), Blas);
        Assert.Equal(expected, report.HeldOut.Verdict);
        if (expected == ProbeVerdict.Learning) Assert.Equal(1.0 / 21, report.HeldOut.PValue, 12);
        else Assert.True(report.HeldOut.PValue > 0.05, $"p = {report.HeldOut.PValue}");
    }
}

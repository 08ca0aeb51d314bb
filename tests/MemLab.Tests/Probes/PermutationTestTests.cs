using MemLab.LinearAlgebra;
using MemLab.Probes;
using MemLab.Training;

namespace MemLab.Tests.Probes;

public class PermutationTestTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    [Fact]
    public void PValue_CountsNullScoresAtLeastTheTrueScorePlusOne()
    {
        // Two of four null scores are >= 0.5, so p = (1 + 2) / (4 + 1).
        Assert.Equal(0.6, PermutationTest.PValue(0.5, [0.1, 0.5, 0.6, 0.2]), 12);
        Assert.Equal(0.2, PermutationTest.PValue(0.9, [0.1, 0.5, 0.6, 0.2]), 12);
    }

    [Theory]
    [InlineData(0.01, 0.10, 0.11, ProbeVerdict.Learning)]
    [InlineData(0.01, 0.30, 0.11, ProbeVerdict.Both)]
    [InlineData(0.40, 0.10, 0.11, ProbeVerdict.Memorization)]
    [InlineData(0.40, 0.30, 0.11, ProbeVerdict.Memorization)]
    public void Verdict_FollowsThePValueAndWhetherTheNullIsAboveChance(double p, double nullPercentile5, double chance, ProbeVerdict expected)
    {
        Assert.Equal(expected, PermutationTest.Verdict(p, nullPercentile5, chance, 0.05));
    }

    [Fact]
    public void Run_FewerThanTwentyPermutations_ThrowsSayingWhy()
    {
        var (network, train, test) = Clusters("generated");
        var e = Assert.Throws<MemLabException>(() =>
            PermutationTest.Run(network, train, test, new PermutationOptions { Permutations = 19 }, new Seed(0), Blas));
        Assert.Equal(MemLabErrorKind.InvalidOptions, e.Kind);
        Assert.Contains("1/(B+1) = 0.05", e.Message);
    }

    [Fact]
    public void Run_SeveralFitsAtOnceOnAMultiThreadedBackend_ThrowsAskingForOneThread()
    {
        var (network, train, test) = Clusters("generated");
        var e = Assert.Throws<MemLabException>(() => PermutationTest.Run(network, train, test,
            new PermutationOptions { Permutations = 20, MaxDegreeOfParallelism = 2 }, new Seed(0), new ManagedBlas(2)));
        Assert.Contains("one-threaded", e.Message);
    }

    [Fact]
    public void Run_StructuredLabels_AreLearningAndBeatEveryPermutation()
    {
        var (network, train, test) = Clusters("generated");
        var report = PermutationTest.Run(network, train, test, new PermutationOptions { Permutations = 20 }, new Seed(1), Blas);
        Assert.Equal(ProbeVerdict.Learning, report.HeldOut.Verdict);
        Assert.Equal(1.0 / 21, report.HeldOut.PValue, 12);
        Assert.True(report.HeldOut.TrueScore > 0.9, $"held-out accuracy {report.HeldOut.TrueScore}");
        Assert.InRange(report.HeldOut.NullMean, 0.2, 0.5);
        Assert.Equal(20, report.HeldOut.Null.Count);
        Assert.Equal(20, report.SharedStructure.Null.Count);
    }

    [Fact]
    public void Run_RandomLabels_AreMemorizationOnTheHeldOutSet()
    {
        var (network, train, test) = Clusters("random:3");
        var report = PermutationTest.Run(network, train, test, new PermutationOptions { Permutations = 20 }, new Seed(1), Blas);
        Assert.Equal(ProbeVerdict.Memorization, report.HeldOut.Verdict);
        Assert.True(report.HeldOut.PValue > 0.05, $"p = {report.HeldOut.PValue}");
    }

    [Fact]
    public void Run_SameSeed_GivesTheSameReportForAnyParallelism()
    {
        var (network, train, test) = Clusters("generated");
        var one = PermutationTest.Run(network, train, test, new PermutationOptions { Permutations = 20 }, new Seed(5), Blas);
        var two = PermutationTest.Run(network, train, test, new PermutationOptions { Permutations = 20, MaxDegreeOfParallelism = 2 }, new Seed(5), Blas);
        Assert.Equal(one.HeldOut.Null, two.HeldOut.Null);
        Assert.Equal(one.SharedStructure.Null, two.SharedStructure.Null);
        Assert.Equal(one.TrainScore, two.TrainScore);
        Assert.Equal(one.NoiseScale, two.NoiseScale);
    }

    [Fact]
    public void SharedStructureSet_PerturbsEveryPointByAFractionOfTheNearestNeighbourGap()
    {
        var (_, train, _) = Clusters("generated");
        var (set, scale) = SharedStructureSet.Build(train, 0.25, new Seed(2), Blas);
        Assert.Equal(train.SampleCount, set.SampleCount);
        Assert.Equal(train.Labels.ToArray(), set.Labels.ToArray());
        Assert.True(scale > 0);
        double moved = 0;
        for (int i = 0; i < train.Features.Length; i++) moved += Math.Pow(set.Features[i] - train.Features[i], 2);
        double perCoordinate = Math.Sqrt(moved / train.Features.Length);
        Assert.InRange(perCoordinate, 0.8 * scale, 1.2 * scale);
    }

    /// <summary>
    /// Three Gaussian clusters in R^4 (labels = clusters, or random labels), split into 240 training and 90 held-out
    /// points, and a network trained on the training part; its first layer is the representation probed.
    /// </summary>
    private static (Network Network, Dataset Train, Dataset Test) Clusters(string labels)
    {
        var lab = new Lab(Blas, null);
        string spec = $"mixture:n=330,d=4,k=3,spread=0.3,labels={labels},holdout=0.2727,seed=4";
        var train = lab.LoadData(spec + ",part=train");
        var test = lab.LoadData(spec + ",part=test");
        var options = new TrainOptions { Hidden = [16], Loss = Loss.CrossEntropy, Steps = 300 };
        var network = new Trainer(Blas).Train(train, options, new Seed(9)).Network!;
        return (network, train, test);
    }
}

using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

public class NearestNeighbourTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    private static Dataset Labelled(float[] features, int d, int[] labels) =>
        Dataset.Classification(features, d, labels, null, new DatasetProvenance("hand-made", ""));

    [Fact]
    public void Predict_HandMadePoints_TakesTheClosestTrainingLabelAndTheFirstOnATie()
    {
        // Training: (0,0) class 0, (10,0) class 1, (0,10) class 1, (10,10) class 0.
        var train = Labelled([0, 0, 10, 0, 0, 10, 10, 10], 2, [0, 1, 1, 0]);
        // (4,0) is nearer (0,0); (6,1) nearer (10,0); (1,8) nearer (0,10); (9,9) nearer (10,10); (5,0) ties (0,0) and (10,0).
        var test = Labelled([4, 0, 6, 1, 1, 8, 9, 9, 5, 0], 2, [0, 1, 1, 1, 0]);
        Assert.Equal([0, 1, 1, 0, 0], NearestNeighbour.Predict(train, test, Blas));
        Assert.Equal(4.0 / 5, NearestNeighbour.Accuracy(train, test, Blas));
    }

    [Fact]
    public void Predict_ManyTestPointsAcrossBlocks_MatchesBruteForceDistances()
    {
        var rng = new Seed(7).CreateRng();
        const int n = 50, m = 300, d = 3;
        float[] Draw(int count) => Enumerable.Range(0, count * d).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] trainFeatures = Draw(n), testFeatures = Draw(m);
        int[] trainLabels = Enumerable.Range(0, n).Select(j => j % 3).ToArray();
        var train = Labelled(trainFeatures, d, trainLabels);
        var test = Labelled(testFeatures, d, new int[m]);
        int[] expected = Enumerable.Range(0, m).Select(i => trainLabels[Enumerable.Range(0, n).MinBy(j =>
            Enumerable.Range(0, d).Sum(k => Math.Pow((double)testFeatures[i * d + k] - trainFeatures[j * d + k], 2)))]).ToArray();
        Assert.Equal(expected, NearestNeighbour.Predict(train, test, Blas));
    }

    [Fact]
    public void Predict_DifferentDimension_ThrowsNamingBoth()
    {
        var train = Labelled([0, 0, 1, 1], 2, [0, 1]);
        var test = Labelled([0, 0, 0], 3, [0]);
        var error = Assert.Throws<MemLabException>(() => NearestNeighbour.Predict(train, test, Blas));
        Assert.Contains("2 features", error.Message);
        Assert.Contains("has 3", error.Message);
    }
}

using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Constructions;

public class LineProjectionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, Blas));

    [Fact]
    public void Best_ValuesAreUnitDirectionTimesPointsMinusTheMidpoint_SortedWithTheSmallestGap()
    {
        var data = Load("gaussian:n=500,d=7,seed=3");
        var projection = LineProjection.Best(data, 8, new Seed(5), Blas, "test");
        double norm = Math.Sqrt(projection.Direction.Sum(u => u * u));
        Assert.Equal(1.0, norm, 12);
        var expected = new double[data.SampleCount];
        for (int i = 0; i < data.SampleCount; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            for (int k = 0; k < row.Length; k++) expected[i] += projection.Direction[k] * row[k];
            expected[i] -= projection.Offset;
            Assert.Equal(expected[i], projection.Values[i], 12);
        }
        double[] sorted = expected.Order().ToArray();
        Assert.Equal(0, sorted[0] + sorted[^1], 10);
        double minGap = Enumerable.Range(1, sorted.Length - 1).Min(i => sorted[i] - sorted[i - 1]);
        Assert.Equal(minGap, projection.MinGap, 10);
        Assert.Equal(sorted[^1] - sorted[0], projection.Range, 10);
        for (int r = 1; r < projection.Order.Length; r++)
            Assert.True(projection.Values[projection.Order[r - 1]] < projection.Values[projection.Order[r]]);
        var (a, b) = projection.ClosestPair;
        Assert.Equal(projection.MinGap, Math.Abs(projection.Values[a] - projection.Values[b]));
    }

    [Fact]
    public void Best_MoreCandidates_NeverASmallerRelativeGapThanTheFirstCandidateAlone()
    {
        // The directions are drawn in order from one generator, so R = 1 is the first candidate of R = 32.
        var data = Load("gaussian:n=1000,d=10,seed=1");
        for (ulong seed = 0; seed < 5; seed++)
        {
            var one = LineProjection.Best(data, 1, new Seed(seed), Blas, "test");
            var many = LineProjection.Best(data, 32, new Seed(seed), Blas, "test");
            Assert.True(many.RelativeMinGap >= one.RelativeMinGap, $"seed {seed}: {many.RelativeMinGap} < {one.RelativeMinGap}");
        }
    }

    [Fact]
    public void Best_IdenticalPoints_InvalidDataNamingThem()
    {
        float[] features = [0, 1, 2, 3, 4, 5, 2, 3];
        var data = Dataset.Classification(features, 2, [0, 1, 0, 0], null, new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => LineProjection.Best(data, 4, new Seed(0), Blas, "zhang"));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("Samples 1 and 3", error.Message);
    }

    [Fact]
    public void Best_ProjectionsThatDifferAtRoundingLevel_HypothesisViolatedNamingThePair()
    {
        float[] features = [1e-30f, 0, 2e-30f, 0, 1, 1, -1, 0.5f];
        var data = Dataset.Classification(features, 2, [0, 1, 0, 1], null, new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => LineProjection.Best(data, 4, new Seed(0), Blas, "yun"));
        Assert.Equal(MemLabErrorKind.HypothesisViolated, error.Kind);
        Assert.Contains("Samples 0 and 1", error.Message);
        Assert.Contains("yun", error.Message);
    }

    [Fact]
    public void Best_SameSeed_SameDirectionForOneAndTwoThreads()
    {
        var data = Load("gaussian:n=800,d=30,seed=2");
        var one = LineProjection.Best(data, 16, new Seed(9), new ManagedBlas(1), "test");
        var two = LineProjection.Best(data, 16, new Seed(9), new ManagedBlas(2), "test");
        Assert.Equal(one.Direction, two.Direction);
        Assert.Equal(one.Values.ToArray(), two.Values.ToArray());
        var other = LineProjection.Best(data, 16, new Seed(10), Blas, "test");
        Assert.NotEqual(one.Direction, other.Direction);
    }
}

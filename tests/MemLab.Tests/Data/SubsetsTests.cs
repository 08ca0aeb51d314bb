using System.Globalization;
using MemLab.Data;

namespace MemLab.Tests.Data;

public class SubsetsTests
{
    [Fact]
    public void SelectClasses_ListedOrder_RelabelsAndKeepsNamesAndPointOrder()
    {
        var data = Indexed([0, 1, 2, 1, 0, 2, 2], ["cat", "dog", "eel"]);

        var result = Subsets.SelectClasses(data, [2, 0]);

        Assert.Equal([0, 2, 4, 5, 6], OriginalIndices(result));
        Assert.Equal([1, 0, 1, 0, 0], result.Labels.ToArray());
        Assert.Equal(["eel", "cat"], result.ClassNames);
        Assert.Contains("classes eel, cat kept (5 points)", result.Provenance.Description);
    }

    [Fact]
    public void SelectClasses_EveryPointKept_RelabelsTheSamePointsWithoutACopy()
    {
        // Every point belongs to a listed class (as after MNIST's loader converted only the listed digits).
        var data = Indexed([2, 0, 0, 2, 2], ["cat", "dog", "eel"]);

        var result = Subsets.SelectClasses(data, [2, 0]);

        Assert.Equal([0, 1, 2, 3, 4], OriginalIndices(result));
        Assert.Equal([0, 1, 1, 0, 0], result.Labels.ToArray());
        Assert.Same(data.FeatureArray, result.FeatureArray);
        Assert.NotSame(data.FeatureArray, Subsets.SelectClasses(data, [0]).FeatureArray);
    }

    [Fact]
    public void ResolveClasses_NamesOrIndices_GivesIndices()
    {
        var data = Indexed([0, 1, 2], ["cat", "dog", "eel"]);

        Assert.Equal([2, 0, 1], Subsets.ResolveClasses(data, ["eel", "0", "dog"]));
    }

    [Fact]
    public void ResolveClasses_NumericNames_MatchNamesFirst()
    {
        var data = Indexed([0, 1, 2], ["5", "9", "0"]);

        Assert.Equal([2, 1], Subsets.ResolveClasses(data, ["0", "9"]));
    }

    [Theory]
    [InlineData("zebra")]
    [InlineData("3")]
    [InlineData("-1")]
    public void ResolveClasses_UnknownClass_ThrowsInvalidSpecListingValidClasses(string name)
    {
        var data = Indexed([0, 1, 2], ["cat", "dog", "eel"]);

        var error = Assert.Throws<MemLabException>(() => Subsets.ResolveClasses(data, ["cat", name]));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("0 (cat), 1 (dog), 2 (eel)", error.Message);
    }

    [Theory]
    [InlineData(new[] { 1, 1 }, "listed twice")]
    [InlineData(new[] { 3 }, "Class index 3")]
    [InlineData(new int[0], "empty")]
    public void SelectClasses_BadList_ThrowsNamingTheProblem(int[] classes, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => Subsets.SelectClasses(Indexed([0, 1, 2], ["a", "b", "c"]), classes));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void SelectClasses_OnlyEmptyClasses_ThrowsInvalidDataNamingThem()
    {
        var error = Assert.Throws<MemLabException>(() => Subsets.SelectClasses(Indexed([0, 1, 0], ["a", "b", "c"]), [2]));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("classes c have no points", error.Message);
    }

    [Fact]
    public void SelectClasses_RealTargets_ThrowsInvalidData()
    {
        var data = Dataset.Regression([1, 2], 1, [0.5, 1.5], DatasetProvenance.InMemory("two points"));

        var error = Assert.Throws<MemLabException>(() => Subsets.SelectClasses(data, [0]));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
    }

    [Theory]
    [InlineData(10, new[] { 5, 3, 2 })]
    // Exact shares 3.5, 2.1, 1.4: floors 3, 2, 1 and the one point left goes to the largest remainder (class 0).
    [InlineData(7, new[] { 4, 2, 1 })]
    // Exact shares 0.5, 0.3, 0.2: the single point goes to class 0.
    [InlineData(1, new[] { 1, 0, 0 })]
    [InlineData(100, new[] { 50, 30, 20 })]
    public void Subsample_ClassSizes_ProportionalByLargestRemainder(int count, int[] expected)
    {
        var data = Indexed(Sizes(50, 30, 20), ["a", "b", "c"]);

        var result = Subsets.Subsample(data, count, new Seed(1));

        Assert.Equal(expected, result.ClassSizes());
        Assert.Equal(["a", "b", "c"], result.ClassNames);
    }

    [Fact]
    public void Subsample_Points_AreOriginalRowsInOriginalOrderWithTheirLabels()
    {
        var data = Indexed(Sizes(50, 30, 20), ["a", "b", "c"]);

        var result = Subsets.Subsample(data, 40, new Seed(2));

        int[] indices = OriginalIndices(result);
        Assert.Equal(indices.Order(), indices);
        Assert.Equal(indices.Length, indices.Distinct().Count());
        for (int i = 0; i < indices.Length; i++) Assert.Equal(data.Labels[indices[i]], result.Labels[i]);
    }

    [Fact]
    public void Subsample_Seed_DecidesThePoints()
    {
        var data = Indexed(Sizes(50, 30, 20), ["a", "b", "c"]);

        Assert.Equal(OriginalIndices(Subsets.Subsample(data, 40, new Seed(3))), OriginalIndices(Subsets.Subsample(data, 40, new Seed(3))));
        Assert.NotEqual(OriginalIndices(Subsets.Subsample(data, 40, new Seed(3))), OriginalIndices(Subsets.Subsample(data, 40, new Seed(4))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Subsample_CountOutsideOneToN_ThrowsNamingCount(int count)
    {
        var error = Assert.Throws<MemLabException>(() => Subsets.Subsample(Indexed(Sizes(50, 30, 20), ["a", "b", "c"]), count, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains($"subsample {count} points from 100", error.Message);
    }

    [Fact]
    public void Subsample_RealTargets_KeepsTargetsWithTheirRows()
    {
        float[] features = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();
        double[] targets = Enumerable.Range(0, 20).Select(i => i * 0.5).ToArray();
        var data = Dataset.Regression(features, 1, targets, DatasetProvenance.InMemory("line"));

        var result = Subsets.Subsample(data, 5, new Seed(5));

        Assert.Equal(5, result.SampleCount);
        for (int i = 0; i < 5; i++) Assert.Equal(result.Row(i)[0] * 0.5, result.Targets[i]);
    }

    [Fact]
    public void Split_TrainAndTest_PartitionTheData()
    {
        var data = Indexed(Sizes(50, 30, 20), ["a", "b", "c"]);

        var (train, test) = Subsets.Split(data, 0.25, new Seed(6));

        int[] trainIndices = OriginalIndices(train);
        int[] testIndices = OriginalIndices(test);
        Assert.Empty(trainIndices.Intersect(testIndices));
        Assert.Equal(Enumerable.Range(0, 100), trainIndices.Concat(testIndices).Order());
        Assert.Equal(trainIndices.Order(), trainIndices);
        Assert.Equal(testIndices.Order(), testIndices);
        for (int i = 0; i < testIndices.Length; i++) Assert.Equal(data.Labels[testIndices[i]], test.Labels[i]);
    }

    [Fact]
    public void Split_ClassSizes_StratifiedByLargestRemainder()
    {
        var data = Indexed(Sizes(50, 30, 20), ["a", "b", "c"]);

        var (train, test) = Subsets.Split(data, 0.25, new Seed(7));

        // 25 test points; exact shares 12.5, 7.5, 5: floors 12, 7, 5 and the tie at remainder 0.5 goes to the lower class.
        Assert.Equal([13, 7, 5], test.ClassSizes());
        Assert.Equal([37, 23, 15], train.ClassSizes());
    }

    [Fact]
    public void Split_TestCount_RoundsHalfAwayFromZero()
    {
        var data = Indexed(Sizes(10), ["a"]);

        Assert.Equal(3, Subsets.Split(data, 0.25, new Seed(8)).Test.SampleCount);
    }

    [Fact]
    public void Split_DifferentSeeds_DifferentTestSets()
    {
        var data = Indexed(Sizes(50, 30, 20), ["a", "b", "c"]);

        Assert.NotEqual(OriginalIndices(Subsets.Split(data, 0.3, new Seed(1)).Test), OriginalIndices(Subsets.Split(data, 0.3, new Seed(2)).Test));
    }

    [Theory]
    [InlineData(0.0, "got 0")]
    [InlineData(1.0, "got 1")]
    [InlineData(0.01, "leaves the test part empty")]
    [InlineData(0.99, "leaves the training part empty")]
    public void Split_BadFraction_ThrowsNamingTheProblem(double fraction, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => Subsets.Split(Indexed(Sizes(10), ["a"]), fraction, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    /// <summary>Labels for consecutive runs of points: class 0 first, then class 1, ...</summary>
    private static int[] Sizes(params int[] sizes) =>
        sizes.SelectMany((size, label) => Enumerable.Repeat(label, size)).ToArray();

    /// <summary>Point i is (i, -i), so a subset's rows name the original indices.</summary>
    [Fact]
    public void NestedFraction_SmallerFractionsLieInsideLargerOnes_AndStayStratified()
    {
        // 300 points of class 0 and 100 of class 1.
        var data = Indexed(Enumerable.Range(0, 400).Select(i => i % 4 == 3 ? 1 : 0).ToArray(), ["a", "b"]);
        var seed = new Seed(9);

        int[][] subsets = [.. new[] { 0.1, 0.2, 0.5, 1.0 }.Select(f => OriginalIndices(Subsets.NestedFraction(data, f, seed)))];

        Assert.Equal([40, 80, 200, 400], subsets.Select(s => s.Length));
        for (int k = 0; k + 1 < subsets.Length; k++)
            Assert.Subset(subsets[k + 1].ToHashSet(), subsets[k].ToHashSet());
        // Each class keeps its share: 10% is 30 of class 0 and 10 of class 1.
        Assert.Equal(10, subsets[0].Count(i => i % 4 == 3));
        // The subset is random, not the first points.
        Assert.NotEqual(Enumerable.Range(0, 40), subsets[0].Order());
    }

    [Fact]
    public void NestedFraction_ThroughTheDataSpec_NestsAndDependsOnTheSeed()
    {
        var context = new DataLoadContext(null, new MemLab.LinearAlgebra.ManagedBlas(1));
        Dataset tenth = DatasetLoader.Load("moons:n=200,seed=1,fraction=0.1", context);
        Dataset half = DatasetLoader.Load("moons:n=200,seed=1,fraction=0.5", context);
        Dataset otherSeed = DatasetLoader.Load("moons:n=200,seed=2,fraction=0.1", context);

        var halfRows = Enumerable.Range(0, half.SampleCount).Select(i => (half.Row(i)[0], half.Row(i)[1])).ToHashSet();
        Assert.Equal(20, tenth.SampleCount);
        Assert.All(Enumerable.Range(0, tenth.SampleCount), i => Assert.Contains((tenth.Row(i)[0], tenth.Row(i)[1]), halfRows));
        Assert.Equal([10, 10], tenth.ClassSizes());
        Assert.NotEqual(tenth.Features.ToArray(), otherSeed.Features.ToArray());
        Assert.Contains("must be in (0, 1]", Assert.Throws<MemLabException>(() => Subsets.NestedFraction(tenth, 1.5, new Seed(0))).Message);
    }

    private static Dataset Indexed(int[] labels, string[] names) =>
        Dataset.Classification(
            Enumerable.Range(0, labels.Length).SelectMany(i => new[] { (float)i, -i }).ToArray(), 2,
            labels, names, DatasetProvenance.InMemory("indexed points"));

    private static int[] OriginalIndices(Dataset data) =>
        Enumerable.Range(0, data.SampleCount).Select(i => (int)data.Row(i)[0]).ToArray();
}

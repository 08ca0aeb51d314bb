namespace MemLab.Tests;

public class DatasetTests
{
    private static readonly DatasetProvenance Here = DatasetProvenance.InMemory("test");

    [Fact]
    public void Classification_ValidData_ExposesShapeRowsAndClassSizes()
    {
        var data = Dataset.Classification([1, 2, 3, 4, 5, 6], 2, [0, 1, 1], null, Here);
        Assert.Equal(3, data.SampleCount);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(new float[] { 5, 6 }, data.Row(2).ToArray());
        Assert.Equal(new[] { "0", "1" }, data.ClassNames);
        Assert.Equal(new[] { 1, 2 }, data.ClassSizes());
        Assert.Equal(TargetKind.Classes, data.TargetKind);
    }

    [Fact]
    public void Classification_Empty_ThrowsInvalidData()
    {
        var error = Assert.Throws<MemLabException>(() => Dataset.Classification([], 3, [], null, Here));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("no points", error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Classification_NonFiniteFeature_NamesSampleAndFeature(float bad)
    {
        float[] features = [0, 1, 2, 3, 4, 5, 6, 7, 8];
        features[7] = bad;
        var error = Assert.Throws<MemLabException>(() => Dataset.Classification(features, 3, [0, 0, 1], null, Here));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("Sample 2, feature 1", error.Message);
    }

    [Fact]
    public void Classification_LabelCountMismatch_SaysBothCounts()
    {
        var error = Assert.Throws<MemLabException>(() => Dataset.Classification([1, 2, 3, 4], 2, [0], null, Here));
        Assert.Contains("2 points but 1 labels", error.Message);
    }

    [Fact]
    public void Classification_NegativeLabel_NamesSample()
    {
        var error = Assert.Throws<MemLabException>(() => Dataset.Classification([1, 2], 1, [0, -3], null, Here));
        Assert.Contains("Sample 1 has label -3", error.Message);
    }

    [Fact]
    public void Classification_LabelBeyondClassNames_Throws()
    {
        var error = Assert.Throws<MemLabException>(() => Dataset.Classification([1, 2], 1, [0, 2], ["a", "b"], Here));
        Assert.Contains("label 2", error.Message);
    }

    [Fact]
    public void Classification_RaggedFeatureArray_Throws()
    {
        var error = Assert.Throws<MemLabException>(() => Dataset.Classification([1, 2, 3], 2, [0], null, Here));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
    }

    [Fact]
    public void Regression_NonFiniteTarget_NamesSample()
    {
        var error = Assert.Throws<MemLabException>(() => Dataset.Regression([1, 2, 3], 1, [0.5, double.NaN, 1], Here));
        Assert.Contains("Sample 1", error.Message);
    }

    [Fact]
    public void ContentHash_EqualForEqualData_DifferentWhenAnyPartChanges()
    {
        string Hash(float[] x, int[] y, string[]? names = null) => Dataset.Classification(x, 2, y, names, Here).ContentHash();
        string baseline = Hash([1, 2, 3, 4], [0, 1]);
        Assert.Equal(baseline, Hash([1, 2, 3, 4], [0, 1]));
        Assert.NotEqual(baseline, Hash([1, 2, 3, 5], [0, 1]));
        Assert.NotEqual(baseline, Hash([1, 2, 3, 4], [1, 0]));
        Assert.NotEqual(baseline, Hash([1, 2, 3, 4], [0, 1], ["cat", "dog"]));
        Assert.NotEqual(baseline, Dataset.Classification([1, 2, 3, 4], 1, [0, 1, 0, 1], null, Here).ContentHash());
        Assert.Equal(64, baseline.Length);
    }
}

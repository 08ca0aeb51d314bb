using MemLab.Data.Generators;

namespace MemLab.Tests.Data.Generators;

public class CubeGeneratorTests
{
    [Theory]
    [InlineData(100, 10)]
    [InlineData(50, 40)]
    public void Generate_Rows_AreDistinctZeroOneVectors(int n, int d)
    {
        var data = CubeGenerator.Generate(n, d, new Seed(1));

        Assert.Equal(n, data.SampleCount);
        Assert.Equal(d, data.FeatureCount);
        Assert.All(data.Features.ToArray(), v => Assert.True(v is 0 or 1, $"Value {v} is not 0 or 1."));
        var rows = Enumerable.Range(0, n).Select(i => string.Concat(data.Row(i).ToArray().Select(v => v == 1 ? '1' : '0')));
        Assert.Equal(n, rows.Distinct().Count());
    }

    [Fact]
    public void Generate_AllVertices_GivesEveryVertexOnce()
    {
        var data = CubeGenerator.Generate(16, 4, new Seed(2));

        var numbers = Enumerable.Range(0, 16).Select(i => data.Row(i).ToArray().Select((v, bit) => (int)v << bit).Sum());
        Assert.Equal(Enumerable.Range(0, 16), numbers.Order());
    }

    [Fact]
    public void Generate_Labels_AreBinaryAndRoughlyBalanced()
    {
        var data = CubeGenerator.Generate(1000, 12, new Seed(3));

        Assert.Equal(["0", "1"], data.ClassNames);
        Assert.InRange(data.ClassSizes()[0], 500 - 80, 500 + 80);
    }

    [Fact]
    public void Generate_SameSeed_IdenticalBytesAndOtherSeedDiffers()
    {
        string first = CubeGenerator.Generate(100, 12, new Seed(9)).ContentHash();

        Assert.Equal(first, CubeGenerator.Generate(100, 12, new Seed(9)).ContentHash());
        Assert.NotEqual(first, CubeGenerator.Generate(100, 12, new Seed(10)).ContentHash());
    }

    [Fact]
    public void Generate_MoreThanTwoToTheD_ThrowsNamingNAndVertexCount()
    {
        var error = Assert.Throws<MemLabException>(() => CubeGenerator.Generate(17, 4, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("n = 17", error.Message);
        Assert.Contains("only 16 vertices", error.Message);
        Assert.Contains("d >= 5", error.Message);
    }
}

using MemLab.Experiments;

namespace MemLab.Tests.Experiments;

public class ShardTests
{
    [Fact]
    public void Contains_ShardsOfOneSweepPartitionItsRuns()
    {
        var shards = Enumerable.Range(0, 3).Select(i => new Shard(i, 3)).ToArray();
        for (int ordinal = 0; ordinal < 100; ordinal++)
            Assert.Equal(1, shards.Count(s => s.Contains(ordinal)));
    }

    [Fact]
    public void Parse_Valid_ReadsIndexAndCount() => Assert.Equal(new Shard(2, 5), Shard.Parse("2/5"));

    [Theory]
    [InlineData("3/3")]
    [InlineData("1/0")]
    [InlineData("-1/3")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void Parse_Invalid_ThrowsNamingTheValue(string text)
    {
        var error = Assert.Throws<MemLabException>(() => Shard.Parse(text));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains($"'{text}'", error.Message);
    }
}

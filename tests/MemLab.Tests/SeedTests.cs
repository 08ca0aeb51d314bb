namespace MemLab.Tests;

public class SeedTests
{
    [Fact]
    public void Derive_SameLabel_SameChild() =>
        Assert.Equal(new Seed(5).Derive("init"), new Seed(5).Derive("init"));

    [Fact]
    public void Derive_DifferentLabelsOrParents_DifferentChildren()
    {
        var children = new[] { new Seed(5).Derive("init"), new Seed(5).Derive("labels"), new Seed(6).Derive("init"), new Seed(5) };
        Assert.Equal(children.Length, children.Distinct().Count());
    }

    [Fact]
    public void Derive_ManyIndices_NoCollisions()
    {
        var seen = new HashSet<ulong>();
        for (long i = 0; i < 100_000; i++) Assert.True(seen.Add(new Seed(1).Derive(i).Value), $"index {i} collided");
    }

    [Fact]
    public void Derive_IsStableAcrossProcesses()
    {
        // The derivation is documented as FNV-1a over UTF-8 bytes followed by the SplitMix64 finalizer:
        // recompute it from that definition, so a change that makes it process- or runtime-dependent fails.
        ulong hash = 14695981039346656037UL;
        foreach (byte b in "init"u8) { hash ^= b; hash *= 1099511628211UL; }
        ulong expected = SplitMixFinalizer(7UL ^ SplitMixFinalizer(hash));
        Assert.Equal(expected, new Seed(7).Derive("init").Value);
    }

    private static ulong SplitMixFinalizer(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

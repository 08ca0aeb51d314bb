using System.IO.Compression;
using MemLab.Data.Loaders;

namespace MemLab.Tests.Data.Loaders;

public class DecodedCacheTests
{
    private static byte[] Content(int seed, int length = 5000)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void WriteGzip(string path, byte[] content)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(content);
    }

    private static string Entry(string cache) => Directory.GetFiles(cache).Single();

    [Fact]
    public void CacheHit_IsMappedFromTheEntryNotCopied_AndOutlivesTheEntrysReplacement()
    {
        using var temp = new TempDirectory();
        string source = temp.File("data.gz"), cache = temp.File("cache");
        byte[] content = Content(3, 100_000);
        WriteGzip(source, content);
        ReadOnlyMemory<byte> written = DecodedCache.Decompress(source, cache);
        Assert.False(System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager<byte, MappedBytes>(written, out _));
        ReadOnlyMemory<byte> mapped = DecodedCache.Decompress(source, cache);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager<byte, MappedBytes>(mapped, out _));
        Assert.Equal(content, mapped.ToArray());
        // A new entry renamed over the old one (as a rebuild does) leaves the mapped bytes as they were.
        string entry = Entry(cache);
        File.WriteAllBytes(entry + ".new", new byte[10]);
        File.Move(entry + ".new", entry, overwrite: true);
        Assert.Equal(content, mapped.ToArray());
    }

    [Fact]
    public void SecondRead_ComesFromTheEntryTheFirstWrote()
    {
        using var temp = new TempDirectory();
        string source = temp.File("data.gz"), cache = temp.File("cache");
        byte[] content = Content(1);
        WriteGzip(source, content);
        Assert.Equal(content, DecodedCache.Decompress(source, cache).ToArray());
        string entry = Entry(cache);
        // Prove the second read uses the entry: its content (and stored hash) is made to say something else.
        byte[] stored = File.ReadAllBytes(entry);
        byte[] other = Content(2);
        other.CopyTo(stored, stored.Length - other.Length);
        System.Security.Cryptography.SHA256.HashData(other).CopyTo(stored, 64);
        File.WriteAllBytes(entry, stored);
        Assert.Equal(other, DecodedCache.Decompress(source, cache).ToArray());
    }

    [Fact]
    public void ChangedSource_GetsANewEntryAndItsOwnContent()
    {
        using var temp = new TempDirectory();
        string source = temp.File("data.gz"), cache = temp.File("cache");
        WriteGzip(source, Content(1));
        DecodedCache.Decompress(source, cache);
        byte[] changed = Content(3);
        WriteGzip(source, changed);
        Assert.Equal(changed, DecodedCache.Decompress(source, cache).ToArray());
        Assert.Equal(2, Directory.GetFiles(cache).Length);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("header-only")]
    public void DamagedEntry_IsNeverReadAndIsRebuilt(string damage)
    {
        using var temp = new TempDirectory();
        string source = temp.File("data.gz"), cache = temp.File("cache");
        byte[] content = Content(4);
        WriteGzip(source, content);
        DecodedCache.Decompress(source, cache);
        string entry = Entry(cache);
        byte[] stored = File.ReadAllBytes(entry);
        byte[] damaged = damage switch
        {
            "truncated" => stored[..(stored.Length / 2)],
            "header-only" => stored[..96],
            _ => stored.Select((b, i) => i == stored.Length - 7 ? (byte)(b ^ 1) : b).ToArray(),
        };
        File.WriteAllBytes(entry, damaged);
        Assert.Equal(content, DecodedCache.Decompress(source, cache).ToArray());
        Assert.Equal(stored, File.ReadAllBytes(entry));
    }

    [Fact]
    public void LeftoverTemporaryFile_IsIgnored()
    {
        // A writer killed before its rename leaves only a temporary file, which no reader opens.
        using var temp = new TempDirectory();
        string source = temp.File("data.gz"), cache = temp.File("cache");
        byte[] content = Content(5);
        WriteGzip(source, content);
        DecodedCache.Decompress(source, cache);
        string entry = Entry(cache);
        File.Move(entry, entry + ".123.abc.tmp");
        File.WriteAllBytes(entry + ".999.def.tmp", File.ReadAllBytes(entry + ".123.abc.tmp")[..100]);
        Assert.Equal(content, DecodedCache.Decompress(source, cache).ToArray());
        Assert.True(File.Exists(entry));
    }

    [Fact]
    public void UnwritableCacheFolder_StillDecodes()
    {
        using var temp = new TempDirectory();
        string source = temp.File("data.gz");
        File.WriteAllText(temp.File("blocker"), "a file where the cache folder should be");
        byte[] content = Content(6);
        WriteGzip(source, content);
        Assert.Equal(content, DecodedCache.Decompress(source, Path.Combine(temp.File("blocker"), "cache")).ToArray());
    }

    [Theory]
    [InlineData("/c", "/x", "/h", "/c")]
    [InlineData("off", "/x", "/h", null)]
    [InlineData(null, "/x", "/h", "/x/memlab")]
    [InlineData(null, null, "/h", "/h/.cache/memlab")]
    [InlineData(null, null, null, null)]
    public void FolderFrom_MemlabCacheThenXdgThenHome(string? memlab, string? xdg, string? home, string? expected)
    {
        var variables = new Dictionary<string, string?> { ["MEMLAB_CACHE"] = memlab, ["XDG_CACHE_HOME"] = xdg, ["HOME"] = home };
        Assert.Equal(expected, DecodedCache.FolderFrom(name => variables.GetValueOrDefault(name)));
    }

    [Fact]
    public void MnistThroughTheCache_EqualsMnistWithout()
    {
        using var temp = new TempDirectory();
        // setup.sh may have provided MNIST uncompressed (data/mnist): then the test gzips the file itself.
        const string name = "t10k-labels-idx1-ubyte";
        string images = Path.Combine(TestData.MnistDirectory, name + ".gz");
        if (!File.Exists(images))
        {
            images = temp.File(name + ".gz");
            using var raw = File.OpenRead(Path.Combine(TestData.MnistDirectory, name));
            using var zipped = new GZipStream(File.Create(images), CompressionLevel.Fastest);
            raw.CopyTo(zipped);
        }
        var plain = IdxReader.ReadUnsignedBytes(images, 1, cacheDirectory: null);
        var first = IdxReader.ReadUnsignedBytes(images, 1, temp.File("cache"));
        var second = IdxReader.ReadUnsignedBytes(images, 1, temp.File("cache"));
        Assert.Equal(plain.Values.ToArray(), first.Values.ToArray());
        Assert.Equal(plain.Values.ToArray(), second.Values.ToArray());
        Assert.Equal(plain.Dimensions, second.Dimensions);
    }
}

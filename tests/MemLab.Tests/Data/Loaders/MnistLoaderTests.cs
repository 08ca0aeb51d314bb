using System.Buffers.Binary;
using System.IO.Compression;
using MemLab.Data;
using MemLab.Data.Loaders;

namespace MemLab.Tests.Data.Loaders;

public class MnistLoaderTests
{
    [Fact]
    public void Load_RealTrainSplit_Has60000ImagesWithDocumentedClassCounts()
    {
        Dataset data = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.Train);

        Assert.Equal(60_000, data.SampleCount);
        Assert.Equal(784, data.FeatureCount);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => k.ToString()), data.ClassNames);
        int[] sizes = data.ClassSizes();
        Assert.Equal(6131, sizes[3]);
        Assert.Equal(5851, sizes[8]);
        Assert.Equal(60_000, sizes.Sum());
        Assert.Equal(0f, data.Features.ToArray().Min());
        Assert.Equal(1f, data.Features.ToArray().Max());
    }

    [Fact]
    public void Load_ListedDigits_ConvertsOnlyThemAndTheClassSelectionGivesWhatItGivesOnTheWholeSplit()
    {
        Dataset whole = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.Test);
        Dataset filtered = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.Test, digits: new HashSet<int> { 8, 1 });
        Assert.Equal(whole.ClassSizes()[1] + whole.ClassSizes()[8], filtered.SampleCount);
        Assert.Equal(whole.ClassNames, filtered.ClassNames);

        foreach (int[] classes in new[] { new[] { 8, 1 }, new[] { 1, 8 } })
        {
            Dataset expected = Subsets.SelectClasses(whole, classes);
            Dataset actual = Subsets.SelectClasses(filtered, classes);
            Assert.Equal(expected.Features.ToArray(), actual.Features.ToArray());
            Assert.Equal(expected.Labels.ToArray(), actual.Labels.ToArray());
        }
        Dataset loaded = DatasetLoader.Load("mnist:split=test,classes=8-1", new DataLoadContext(TestData.Directory, new MemLab.LinearAlgebra.ManagedBlas(1)));
        Assert.Equal(Subsets.SelectClasses(whole, [8, 1]).Features.ToArray(), loaded.Features.ToArray());
    }

    [Fact]
    public void Load_SeveralThreads_ConvertTheSamePixelsAsOne()
    {
        // The threads convert blocks of images; with listed digits the blocks' images are scattered over both files.
        foreach (var digits in new[] { null, new HashSet<int> { 1, 8 } })
        {
            Dataset one = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.All, digits: digits);
            Dataset three = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.All, digits: digits, threads: 3);

            Assert.True(one.Features.SequenceEqual(three.Features));
            Assert.True(one.Labels.SequenceEqual(three.Labels));
        }
    }

    [Fact]
    public void Load_RealAllSplit_IsTrainFollowedByTest()
    {
        Dataset test = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.Test);
        Dataset all = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.All);

        Assert.Equal(10_000, test.SampleCount);
        Assert.Equal(70_000, all.SampleCount);
        Assert.True(all.Features[(60_000 * 784)..].SequenceEqual(test.Features));
        Assert.True(all.Labels[60_000..].SequenceEqual(test.Labels));
    }

    [Fact]
    public void Load_RawAndGzipCopies_GiveIdenticalData()
    {
        // The data folder holds MNIST gzipped (as distributed) or raw (as setup.sh installs it); the copy is the other form.
        using var temp = new TempDirectory();
        foreach (string name in new[] { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            string gzip = Path.Combine(TestData.MnistDirectory, name + ".gz");
            if (File.Exists(gzip))
            {
                using var source = new GZipStream(File.OpenRead(gzip), CompressionMode.Decompress);
                using var target = File.Create(temp.File(name));
                source.CopyTo(target);
            }
            else
            {
                using var source = File.OpenRead(Path.Combine(TestData.MnistDirectory, name));
                using var target = new GZipStream(File.Create(temp.File(name + ".gz")), CompressionLevel.Fastest);
                source.CopyTo(target);
            }
        }

        Dataset original = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.Test);
        Dataset copy = MnistLoader.Load(temp.Path, MnistSplit.Test);

        Assert.True(copy.Features.SequenceEqual(original.Features));
        Assert.True(copy.Labels.SequenceEqual(original.Labels));
    }

    [Fact]
    public void Load_SmallFiles_ScalesPixelsByOne255th()
    {
        using var temp = new TempDirectory();
        byte[] pixels = [0, 51, 102, 255, 7, 8, 9, 10, 200, 201, 202, 203];
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [3, 2, 2], pixels);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte"), [3], [9, 0, 4]);

        Dataset data = MnistLoader.Load(temp.Path, MnistSplit.Test);

        Assert.Equal(3, data.SampleCount);
        Assert.Equal(4, data.FeatureCount);
        Assert.Equal([9, 0, 4], data.Labels.ToArray());
        Assert.Equal(pixels.Select(p => p / 255f), data.Features.ToArray());
    }

    [Fact]
    public void Load_RawPixelScale_KeepsByteValues()
    {
        using var temp = new TempDirectory();
        byte[] pixels = [0, 51, 102, 255];
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [1, 2, 2], pixels);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte"), [1], [5]);

        Dataset data = MnistLoader.Load(temp.Path, MnistSplit.Test, PixelScale.Raw);

        Assert.Equal(pixels.Select(p => (float)p), data.Features.ToArray());
    }

    [Fact]
    public void Load_GzipFilesWrittenByTest_ReadsThem()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte.gz"), [2, 1, 2], [1, 2, 3, 4], gzip: true);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte.gz"), [2], [1, 2], gzip: true);

        Dataset data = MnistLoader.Load(temp.Path, MnistSplit.Test, PixelScale.Raw);

        Assert.Equal([1f, 2f, 3f, 4f], data.Features.ToArray());
        Assert.Equal([1, 2], data.Labels.ToArray());
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsFileNotFound()
    {
        string missing = Path.Combine(Path.GetTempPath(), "memlab-no-such-dir-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(missing, MnistSplit.Train));

        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Load_MissingLabelFile_ThrowsFileNotFoundNamingBothFileNames()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("train-images-idx3-ubyte"), [1, 1, 1], [0]);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Train));

        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
        Assert.Contains("train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz", error.Message);
    }

    [Fact]
    public void Load_WrongMagicNumber_ThrowsInvalidFileWithBothNumbers()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [1, 1, 1], [0]);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte"), [1], [0], magic: 0x00000803);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("0x00000803", error.Message);
        Assert.Contains("0x00000801", error.Message);
        Assert.Contains("t10k-labels-idx1-ubyte", error.Message);
    }

    [Fact]
    public void Load_TruncatedImages_ThrowsInvalidFileWithPromisedAndFoundCounts()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [2, 2, 2], [1, 2, 3, 4, 5]);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte"), [2], [0, 1]);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("2 x 2 x 2 = 8 values", error.Message);
        Assert.Contains("only 5 follow", error.Message);
    }

    [Fact]
    public void Load_TruncatedGzipHeader_ThrowsInvalidFile()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [1, 1, 1], [1]);
        using (var gzip = new GZipStream(File.Create(temp.File("t10k-labels-idx1-ubyte.gz")), CompressionLevel.Fastest))
            gzip.Write([0, 0, 8, 1, 0, 0]);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("holds 6 bytes", error.Message);
    }

    [Fact]
    public void Load_ExtraBytesAfterData_ThrowsInvalidFile()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [1, 1, 2], [1, 2, 3]);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte"), [1], [0]);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("more bytes than the 2 values", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 }, "only 5 follow")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, "more bytes than the 8 values")]
    public void Load_GzipImagesShortOrLong_ThrowsInvalidFile(byte[] pixels, string expected)
    {
        // A compressed file's values are read from its decoded content in place, so its length checks are its own.
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte.gz"), [2, 2, 2], pixels, gzip: true);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte.gz"), [2], [0, 1], gzip: true);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_ImageAndLabelCountsDiffer_ThrowsInvalidFileWithBothCounts()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [4, 1, 1], [1, 2, 3, 4]);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte"), [3], [0, 1, 2]);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("has 3 labels", error.Message);
        Assert.Contains("has 4 images", error.Message);
    }

    [Fact]
    public void Load_LabelAboveNine_ThrowsInvalidFileNamingIndexAndValue()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [2, 1, 1], [1, 2]);
        WriteIdx(temp.File("t10k-labels-idx1-ubyte"), [2], [3, 12]);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("label 12 at index 1", error.Message);
    }

    [Fact]
    public void Load_CorruptGzip_ThrowsInvalidFile()
    {
        using var temp = new TempDirectory();
        WriteIdx(temp.File("t10k-images-idx3-ubyte"), [1, 1, 1], [1]);
        File.WriteAllBytes(temp.File("t10k-labels-idx1-ubyte.gz"), [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF]);

        var error = Assert.Throws<MemLabException>(() => MnistLoader.Load(temp.Path, MnistSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("t10k-labels-idx1-ubyte.gz", error.Message);
    }

    /// <summary>Writes an IDX file by hand: big-endian magic 0x0000080D (D = dimensions), sizes, then the bytes.</summary>
    private static void WriteIdx(string path, int[] shape, byte[] values, bool gzip = false, uint? magic = null)
    {
        var bytes = new byte[4 + 4 * shape.Length + values.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic ?? (0x0800u | (uint)shape.Length));
        for (int i = 0; i < shape.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), shape[i]);
        values.CopyTo(bytes, 4 + 4 * shape.Length);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var stream = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        stream.Write(bytes);
    }
}

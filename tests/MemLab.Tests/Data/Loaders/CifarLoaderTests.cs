using MemLab.Data.Loaders;

namespace MemLab.Tests.Data.Loaders;

public class CifarLoaderTests
{
    private const int RecordSize = 3073;

    [Fact]
    public void Load_TestBatchWrittenByTest_RoundTripsLabelsAndChannelMajorPixels()
    {
        using var temp = new TempDirectory();
        byte[] batch = Batch(labels: [7, 0, 9], pixel: (record, index) => (byte)((record * 31 + index) % 256));
        File.WriteAllBytes(temp.File("test_batch.bin"), batch);

        Dataset data = CifarLoader.Load(temp.Path, CifarSplit.Test, PixelScale.Raw);

        Assert.Equal(3, data.SampleCount);
        Assert.Equal(3072, data.FeatureCount);
        Assert.Equal([7, 0, 9], data.Labels.ToArray());
        Assert.Equal("horse", data.ClassNames[7]);
        for (int record = 0; record < 3; record++)
            for (int index = 0; index < 3072; index += 97)
                Assert.Equal((record * 31 + index) % 256, data.Row(record)[index]);
        // Channel-major: feature 1024 is the first green pixel, stored right after the 1024 red ones.
        Assert.Equal(batch[1 + 1024], data.Row(0)[1024]);
    }

    [Fact]
    public void Load_DefaultScale_DividesBy255()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("test_batch.bin"), Batch(labels: [1], pixel: (_, index) => (byte)(index % 256)));

        Dataset data = CifarLoader.Load(temp.Path, CifarSplit.Test);

        Assert.Equal(255 / 255f, data.Row(0)[255]);
        Assert.Equal(51 / 255f, data.Row(0)[51]);
    }

    [Fact]
    public void Load_AllSplit_ReadsFiveTrainingBatchesThenTest()
    {
        using var temp = new TempDirectory();
        for (int b = 1; b <= 5; b++)
            File.WriteAllBytes(temp.File($"data_batch_{b}.bin"), Batch(labels: [b, b], pixel: (_, _) => (byte)b));
        File.WriteAllBytes(temp.File("test_batch.bin"), Batch(labels: [0], pixel: (_, _) => 200));

        Dataset train = CifarLoader.Load(temp.Path, CifarSplit.Train);
        Dataset all = CifarLoader.Load(temp.Path, CifarSplit.All, PixelScale.Raw);

        Assert.Equal(10, train.SampleCount);
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0], all.Labels.ToArray());
        Assert.Equal(5f, all.Row(9)[100]);
        Assert.Equal(200f, all.Row(10)[3071]);
    }

    [Fact]
    public void Load_MetaFile_GivesClassNames()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("test_batch.bin"), Batch(labels: [2], pixel: (_, _) => 0));
        File.WriteAllText(temp.File("batches.meta.txt"), string.Join("\n", Enumerable.Range(0, 10).Select(k => $"c{k}")) + "\n\n");

        Dataset data = CifarLoader.Load(temp.Path, CifarSplit.Test);

        Assert.Equal(Enumerable.Range(0, 10).Select(k => $"c{k}"), data.ClassNames);
    }

    [Fact]
    public void Load_MetaFileWithWrongNameCount_ThrowsInvalidFile()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("test_batch.bin"), Batch(labels: [2], pixel: (_, _) => 0));
        File.WriteAllText(temp.File("batches.meta.txt"), "a\nb\nc\n");

        var error = Assert.Throws<MemLabException>(() => CifarLoader.Load(temp.Path, CifarSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("lists 3 class names", error.Message);
    }

    [Fact]
    public void Load_SizeNotMultipleOfRecord_ThrowsInvalidFileWithSizeAndRecordSize()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("test_batch.bin"), new byte[RecordSize + 5]);

        var error = Assert.Throws<MemLabException>(() => CifarLoader.Load(temp.Path, CifarSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains($"is {RecordSize + 5} bytes", error.Message);
        Assert.Contains("3073-byte", error.Message);
    }

    [Fact]
    public void Load_LabelOutsideClasses_ThrowsInvalidFileNamingRecord()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("test_batch.bin"), Batch(labels: [1, 42], pixel: (_, _) => 0));

        var error = Assert.Throws<MemLabException>(() => CifarLoader.Load(temp.Path, CifarSplit.Test));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("record 1 has label 42", error.Message);
    }

    [Fact]
    public void Load_MissingTrainingBatch_ThrowsFileNotFoundWithDownloadHint()
    {
        using var temp = new TempDirectory();
        for (int b = 1; b <= 4; b++)
            File.WriteAllBytes(temp.File($"data_batch_{b}.bin"), Batch(labels: [0], pixel: (_, _) => 0));

        var error = Assert.Throws<MemLabException>(() => CifarLoader.Load(temp.Path, CifarSplit.Train));

        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
        Assert.Contains("data_batch_5.bin", error.Message);
        Assert.Contains("CIFAR-10 binary version", error.Message);
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsFileNotFound()
    {
        string missing = Path.Combine(Path.GetTempPath(), "memlab-no-cifar-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<MemLabException>(() => CifarLoader.Load(missing, CifarSplit.Test));

        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
        Assert.Contains(missing, error.Message);
    }

    /// <summary>CIFAR-10 binary records written by hand: one label byte, then 3072 pixel bytes.</summary>
    private static byte[] Batch(int[] labels, Func<int, int, byte> pixel)
    {
        var bytes = new byte[labels.Length * RecordSize];
        for (int record = 0; record < labels.Length; record++)
        {
            bytes[record * RecordSize] = (byte)labels[record];
            for (int index = 0; index < 3072; index++) bytes[record * RecordSize + 1 + index] = pixel(record, index);
        }
        return bytes;
    }
}

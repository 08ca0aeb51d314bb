namespace MemLab.Data.Loaders;

/// <summary>
/// Loads the binary version of CIFAR-10 (Krizhevsky, "Learning Multiple Layers of Features from Tiny
/// Images", 2009). Each record is one label byte followed by 3072 pixel bytes: the 32 x 32 red channel,
/// then green, then blue, each row-major. Features keep that channel-major order (d = 3072). Class
/// names come from batches.meta.txt when present, otherwise the standard ten names.
/// </summary>
public static class CifarLoader
{
    /// <summary>Bytes per record: one label byte and 3 x 32 x 32 pixel bytes.</summary>
    public const int RecordSize = 1 + PixelCount;

    private const int PixelCount = 3 * 32 * 32;

    private const string MetaFileName = "batches.meta.txt";

    private static readonly string[] StandardClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private const string DownloadHint =
        "Download the \"CIFAR-10 binary version (suitable for C programs)\" (cifar-10-binary.tar.gz) from " +
        "https://www.cs.toronto.edu/~kriz/cifar.html, extract it, and point at its cifar-10-batches-bin folder.";

    /// <summary>Reads <paramref name="split"/> from the folder of .bin batch files.</summary>
    /// <param name="directory">Folder holding data_batch_1.bin .. data_batch_5.bin and test_batch.bin (cifar-10-batches-bin).</param>
    /// <param name="split">Training set, test set, or both (training first).</param>
    /// <param name="pixels">How bytes become features. Default <see cref="PixelScale.UnitInterval"/> (divide by 255).</param>
    /// <exception cref="MemLabException">A folder or batch file is missing, a file's size is not a whole number of
    /// records, a label is outside the class list, or batches.meta.txt does not list ten names.</exception>
    public static Dataset Load(string directory, CifarSplit split, PixelScale pixels = PixelScale.UnitInterval)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
            throw MemLabException.FileNotFound(directory, DownloadHint);
        string[] fileNames = split switch
        {
            CifarSplit.Train => TrainFiles(),
            CifarSplit.Test => ["test_batch.bin"],
            CifarSplit.All => [.. TrainFiles(), "test_batch.bin"],
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown CIFAR-10 split."),
        };
        string[] paths = fileNames.Select(name => Path.Combine(directory, name)).ToArray();
        foreach (string path in paths)
            if (!File.Exists(path))
                throw MemLabException.FileNotFound(path, $"Expected the CIFAR-10 binary batch {Path.GetFileName(path)} in {directory}. {DownloadHint}");

        string[] classNames = ReadClassNames(directory);
        long[] recordCounts = paths.Select(path => RecordCount(path)).ToArray();
        int sampleCount = checked((int)recordCounts.Sum());
        var features = new float[(long)sampleCount * PixelCount];
        var labels = new int[sampleCount];
        int sample = 0;
        foreach (string path in paths)
        {
            byte[] bytes = File.ReadAllBytes(path);
            for (int record = 0; record < bytes.Length / RecordSize; record++, sample++)
            {
                int offset = record * RecordSize;
                labels[sample] = bytes[offset];
                if (labels[sample] >= classNames.Length)
                    throw MemLabException.InvalidFile(path,
                        $"record {record} has label {labels[sample]} but there are only {classNames.Length} classes (0-{classNames.Length - 1}); the file is corrupt or not a CIFAR-10 batch (CIFAR-100 is not supported).");
                PixelConversion.ToSingle(bytes.AsSpan(offset + 1, PixelCount), features.AsSpan(sample * PixelCount, PixelCount), pixels);
            }
        }

        var provenance = new DatasetProvenance(directory,
            $"CIFAR-10 {split.ToString().ToLowerInvariant()} split: {sampleCount} images of 3 x 32 x 32 (channel-major) from {string.Join(", ", paths)}, {PixelConversion.Describe(pixels)}");
        return Dataset.Classification(features, PixelCount, labels, classNames, provenance);
    }

    private static string[] TrainFiles() => Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray();

    private static long RecordCount(string path)
    {
        long size = new FileInfo(path).Length;
        if (size == 0 || size % RecordSize != 0)
            throw MemLabException.InvalidFile(path,
                $"is {size} bytes, not a positive multiple of the {RecordSize}-byte CIFAR-10 record (1 label byte + {PixelCount} pixel bytes); download the binary version again.");
        return size / RecordSize;
    }

    private static string[] ReadClassNames(string directory)
    {
        string path = Path.Combine(directory, MetaFileName);
        if (!File.Exists(path)) return StandardClassNames;
        string[] names = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        if (names.Length != StandardClassNames.Length)
            throw MemLabException.InvalidFile(path,
                $"lists {names.Length} class names, expected {StandardClassNames.Length} (one per line); restore the file from the CIFAR-10 binary download or delete it to use the standard names.");
        return names;
    }
}

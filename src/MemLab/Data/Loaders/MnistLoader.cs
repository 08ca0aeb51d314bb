using System.Globalization;

namespace MemLab.Data.Loaders;

/// <summary>
/// Loads MNIST (LeCun, Cortes, Burges, "The MNIST database of handwritten digits") from its four IDX
/// files, each raw or gzip-compressed, into a 10-class <see cref="Dataset"/> with one row of
/// rows x columns pixels per image (784 for MNIST) and class names "0" .. "9". Also reads look-alikes
/// that use the same file names and 0-9 labels (for example Fashion-MNIST).
/// </summary>
public static class MnistLoader
{
    private const int ClassCount = 10;

    private const string DownloadHint =
        "MNIST is published at https://yann.lecun.com/exdb/mnist/ (mirror: https://ossci-datasets.s3.amazonaws.com/mnist/); " +
        "put the four files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (raw or .gz) in one folder.";

    /// <summary>
    /// Reads <paramref name="split"/> from <paramref name="directory"/>. For each file the raw name is
    /// used when present, otherwise the name with ".gz".
    /// </summary>
    /// <param name="directory">Folder holding the IDX files.</param>
    /// <param name="split">Training set, test set, or both (training first).</param>
    /// <param name="pixels">How bytes become features. Default <see cref="PixelScale.UnitInterval"/> (divide by 255).</param>
    /// <param name="digits">When given, only the images of these digits are converted and kept (in file order, with
    /// their labels and all ten class names), so a later selection of those classes gives what it gives on the whole
    /// split without converting the images it drops; null for every image.</param>
    /// <param name="threads">Most threads that convert the pixels (each image alone, so any number gives the same values).</param>
    /// <exception cref="MemLabException">A folder or file is missing, or a file is malformed (wrong magic number,
    /// truncated, image and label counts differ, a label outside 0-9).</exception>
    public static Dataset Load(string directory, MnistSplit split, PixelScale pixels = PixelScale.UnitInterval, IReadOnlySet<int>? digits = null,
        int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
            throw MemLabException.FileNotFound(directory, DownloadHint);
        string[] prefixes = split switch
        {
            MnistSplit.Train => ["train"],
            MnistSplit.Test => ["t10k"],
            MnistSplit.All => ["train", "t10k"],
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown MNIST split."),
        };

        var parts = prefixes.Select(prefix => ReadPart(directory, prefix)).ToArray();
        int featureCount = parts[0].FeatureCount;
        if (parts.Any(p => p.FeatureCount != featureCount))
            throw MemLabException.InvalidFile(parts[^1].ImagesPath,
                $"has images of {parts[^1].FeatureCount} pixels but {parts[0].ImagesPath} has {featureCount}; the training and test files must come from the same dataset.");

        int imageCount = parts.Sum(p => p.Labels.Length);
        int sampleCount = parts.Sum(p => p.Labels.Count(label => digits?.Contains(label) ?? true));
        if (sampleCount == 0)
        {
            // No image of those digits: keep them all, so the class selection reports it as it does for any data.
            digits = null;
            sampleCount = imageCount;
        }
        float[] features = GC.AllocateUninitializedArray<float>(checked(sampleCount * featureCount));
        var labels = new int[sampleCount];
        // Where each kept image goes (its row), found first, so the threads convert blocks of images independently:
        // on all of MNIST the 220 MB of float32 pixels are mostly fresh pages, which the kernel zeroes as they are
        // first written, and both the zeroing and the conversion then run on every thread.
        var images = new List<(Part Part, int Image, int Row)>(sampleCount);
        foreach (var part in parts)
            for (int i = 0; i < part.Labels.Length; i++)
            {
                if (!(digits?.Contains(part.Labels[i]) ?? true)) continue;
                labels[images.Count] = part.Labels[i];
                images.Add((part, i, images.Count));
            }
        int blocks = Math.Min(images.Count, 8 * threads);
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
        {
            for (int j = images.Count * block / blocks, end = images.Count * (block + 1) / blocks; j < end; j++)
            {
                // A run of consecutive images of one part is converted at once.
                var (part, image, row) = images[j];
                int run = 1;
                while (j + run < end && images[j + run].Part == part && images[j + run].Image == image + run) run++;
                PixelConversion.ToSingle(part.Pixels.Span.Slice(image * featureCount, run * featureCount),
                    features.AsSpan(row * featureCount, run * featureCount), pixels);
                j += run - 1;
            }
        });

        string[] names = Enumerable.Range(0, ClassCount).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        string files = string.Join(", ", parts.Select(p => p.ImagesPath));
        var provenance = new DatasetProvenance(directory,
            $"MNIST {split.ToString().ToLowerInvariant()} split: {imageCount} images of {featureCount} pixels from {files}, {PixelConversion.Describe(pixels)}" +
            (digits is null ? "" : $"; the {sampleCount} images of digits {string.Join(", ", digits.Order())} converted"));
        return Dataset.Classification(features, featureCount, labels, names, provenance);
    }

    private sealed record Part(string ImagesPath, int FeatureCount, ReadOnlyMemory<byte> Pixels, byte[] Labels);

    private static Part ReadPart(string directory, string prefix)
    {
        string imagesPath = Locate(directory, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Locate(directory, $"{prefix}-labels-idx1-ubyte");
        var (imageShape, pixels) = IdxReader.ReadUnsignedBytes(imagesPath, dimensionCount: 3);
        var (labelShape, labelBytes) = IdxReader.ReadUnsignedBytes(labelsPath, dimensionCount: 1);
        byte[] labels = labelBytes.ToArray();
        if (imageShape[0] != labelShape[0])
            throw MemLabException.InvalidFile(labelsPath,
                $"has {labelShape[0]} labels but {imagesPath} has {imageShape[0]} images; the two files must come from the same download.");
        if (imageShape[0] == 0)
            throw MemLabException.InvalidFile(imagesPath, "holds 0 images; download the file again.");
        int featureCount = checked(imageShape[1] * imageShape[2]);
        if (featureCount == 0)
            throw MemLabException.InvalidFile(imagesPath, $"has images of {imageShape[1]} x {imageShape[2]} pixels; each image needs at least one pixel.");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= ClassCount)
                throw MemLabException.InvalidFile(labelsPath, $"has label {labels[i]} at index {i}; MNIST labels are 0-9. Check that this is an MNIST label file.");
        return new Part(imagesPath, featureCount, pixels, labels);
    }

    private static string Locate(string directory, string name)
    {
        string raw = Path.Combine(directory, name);
        if (File.Exists(raw)) return raw;
        string compressed = raw + ".gz";
        if (File.Exists(compressed)) return compressed;
        throw MemLabException.FileNotFound(raw, $"Expected {name} or {name}.gz in {directory}. {DownloadHint}");
    }
}

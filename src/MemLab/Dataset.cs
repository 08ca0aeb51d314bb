using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace MemLab;

/// <summary>
/// N points in R^d (float32, row-major) with either integer class labels or real targets, plus class
/// names and provenance. Immutable: every transformation returns a new dataset. The constructor
/// rejects empty data, NaN or infinite features, mismatched lengths and out-of-range labels with a
/// <see cref="MemLabException"/> that names the offending sample.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[]? _labels;
    private readonly double[]? _targets;
    private readonly string[] _classNames;

    /// <summary>The <see cref="ContentHash"/>, computed once (the data never changes after construction) by the first caller while any others wait.</summary>
    private readonly Lazy<string> _contentHash;

    /// <summary>The dataset over checked <paramref name="features"/> (<see cref="CheckFeatures"/>): N is their length over d.</summary>
    private Dataset(float[] features, int featureCount, int[]? labels, double[]? targets, string[] classNames, DatasetProvenance provenance)
    {
        _features = features;
        SampleCount = features.Length / featureCount;
        FeatureCount = featureCount;
        _labels = labels;
        _targets = targets;
        _classNames = classNames;
        Provenance = provenance;
        _contentHash = new Lazy<string>(ComputeContentHash, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// A classification dataset. <paramref name="features"/> is row-major N x d; the arrays are taken
    /// over, not copied, so the caller must not modify them afterwards.
    /// </summary>
    /// <param name="features">N x d features, row-major.</param>
    /// <param name="featureCount">d, the number of features per point.</param>
    /// <param name="labels">N labels in 0 .. K-1.</param>
    /// <param name="classNames">K class names; <c>null</c> names them "0", "1", ... up to the largest label.</param>
    /// <param name="provenance">Where the data came from.</param>
    /// <exception cref="MemLabException">Empty data, non-finite features, or inconsistent lengths or labels.</exception>
    public static Dataset Classification(float[] features, int featureCount, int[] labels,
        IReadOnlyList<string>? classNames, DatasetProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int n = CheckFeatures(features, featureCount, provenance);
        if (labels.Length != n)
            throw MemLabException.InvalidData($"The data has {n} points but {labels.Length} labels; give exactly one label per point.");
        int maxLabel = -1;
        for (int i = 0; i < n; i++)
        {
            if (labels[i] < 0)
                throw MemLabException.InvalidData($"Sample {i} has label {labels[i]}; class labels must be integers >= 0.");
            maxLabel = Math.Max(maxLabel, labels[i]);
        }
        string[] names = classNames?.ToArray() ?? Enumerable.Range(0, maxLabel + 1).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (maxLabel >= names.Length)
            throw MemLabException.InvalidData($"Sample {Array.IndexOf(labels, maxLabel)} has label {maxLabel} but only {names.Length} class names were given; give one name per class.");
        return new Dataset(features, featureCount, labels, null, names, provenance);
    }

    /// <summary>A regression dataset with one real target per point. Arrays are taken over, not copied.</summary>
    /// <exception cref="MemLabException">Empty data, non-finite features or targets, or inconsistent lengths.</exception>
    public static Dataset Regression(float[] features, int featureCount, double[] targets, DatasetProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(targets);
        int n = CheckFeatures(features, featureCount, provenance);
        if (targets.Length != n)
            throw MemLabException.InvalidData($"The data has {n} points but {targets.Length} targets; give exactly one target per point.");
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(targets[i]))
                throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture,
                    $"Sample {i} has target {targets[i]}; targets must be finite numbers. Remove or replace that sample."));
        return new Dataset(features, featureCount, null, targets, [], provenance);
    }

    /// <summary>N, the number of points.</summary>
    public int SampleCount { get; }

    /// <summary>d, the dimension of each point.</summary>
    public int FeatureCount { get; }

    /// <summary>Whether points carry class labels or real targets.</summary>
    public TargetKind TargetKind => _labels is null ? TargetKind.Real : TargetKind.Classes;

    /// <summary>All features, row-major N x d.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>The features array itself, for a loader step that owns it and rewrites it in place (<see cref="Data.Scaling"/>); the dataset it came from is dropped afterwards (its content hash, once computed, would no longer match).</summary>
    internal float[] FeatureArray => _features;

    /// <summary>The features of point <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index) => _features.AsSpan(checked(index * FeatureCount), FeatureCount);

    /// <summary>Class labels (N values in 0 .. K-1).</summary>
    /// <exception cref="InvalidOperationException">The dataset has real targets, not labels.</exception>
    public ReadOnlySpan<int> Labels => _labels ?? throw new InvalidOperationException("This dataset has real targets, not class labels.");

    /// <summary>Real targets (N values).</summary>
    /// <exception cref="InvalidOperationException">The dataset has class labels, not real targets.</exception>
    public ReadOnlySpan<double> Targets => _targets ?? throw new InvalidOperationException("This dataset has class labels, not real targets.");

    /// <summary>K, the number of classes (0 for real targets).</summary>
    public int ClassCount => _classNames.Length;

    /// <summary>The K class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Where this dataset came from.</summary>
    public DatasetProvenance Provenance { get; }

    /// <summary>The number of points in each class (empty for real targets).</summary>
    public int[] ClassSizes()
    {
        var sizes = new int[ClassCount];
        if (_labels is not null)
            foreach (int label in _labels) sizes[label]++;
        return sizes;
    }

    /// <summary>The same points and targets with new provenance.</summary>
    public Dataset WithProvenance(DatasetProvenance provenance) =>
        new(_features, FeatureCount, _labels, _targets, _classNames, provenance);

    /// <summary>
    /// SHA-256 (hex) of the shape, features, labels or targets and class names: identical exactly when
    /// the data is byte-identical. Stored with every saved network to tie it to its training data. Computed once per
    /// dataset (a build asks for it for the report and for the network's provenance; on all of MNIST each pass hashes
    /// 220 MB).
    /// </summary>
    public string ContentHash() => _contentHash.Value;

    private string ComputeContentHash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(header, SampleCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], FeatureCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], (int)TargetKind);
        sha.AppendData(header);
        AppendLittleEndian(sha, MemoryMarshal.AsBytes(_features.AsSpan()));
        if (_labels is not null) AppendLittleEndian(sha, MemoryMarshal.AsBytes(_labels.AsSpan()));
        if (_targets is not null) AppendLittleEndian(sha, MemoryMarshal.AsBytes(_targets.AsSpan()));
        foreach (string name in _classNames) sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void AppendLittleEndian(IncrementalHash sha, ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("memlab's data hash assumes a little-endian machine.");
        sha.AppendData(bytes);
    }

    private static int CheckFeatures(float[] features, int featureCount, DatasetProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(provenance);
        if (featureCount <= 0)
            throw MemLabException.InvalidData($"Each point needs at least one feature; got d = {featureCount} ({provenance.Spec}).");
        if (features.Length == 0)
            throw MemLabException.InvalidData($"The data ({provenance.Spec}) has no points; check the file or the filters in the data spec.");
        if (features.Length % featureCount != 0)
            throw MemLabException.InvalidData($"{features.Length} feature values do not split into rows of {featureCount}; every point needs exactly d values.");
        // One vectorized pass: the largest magnitude is finite exactly when every value is (NaN ranks first).
        int largest = System.Numerics.Tensors.TensorPrimitives.IndexOfMaxMagnitude<float>(features);
        if (!float.IsFinite(features[largest]))
        {
            int bad = FindNonFinite(features);
            throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture,
                $"Sample {bad / featureCount}, feature {bad % featureCount} is {features[bad]} ({provenance.Spec}); memlab needs finite numbers. Remove or impute that value."));
        }
        return features.Length / featureCount;
    }

    private static int FindNonFinite(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}

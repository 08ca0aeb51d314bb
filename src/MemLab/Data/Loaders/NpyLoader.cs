using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MemLab.Data.Loaders;

/// <summary>
/// Loads NumPy .npy files (format versions 1.0 and 2.0, as specified in numpy.lib.format): a 2-D
/// feature array (N x d) and, optionally, a 1-D label array of N entries. Supported dtypes are the
/// little-endian '&lt;f4', '&lt;f8', '&lt;i4', '&lt;i8' and '|u1', in C (row-major) order. Values are
/// used as stored (no scaling); features become float32.
/// </summary>
public static partial class NpyLoader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private const string SupportedTypes = "'<f4', '<f8', '|u1', '<i4', '<i8' (little-endian float32, float64, uint8, int32, int64)";

    /// <summary>Reads features from <paramref name="featuresPath"/> and labels or targets from <paramref name="labelsPath"/>.</summary>
    /// <param name="featuresPath">A 2-D .npy array, one point per row.</param>
    /// <param name="labelsPath">A 1-D .npy array with one label per row; <c>null</c> takes the last column of the
    /// feature array as the label (as <see cref="CsvLoader"/> does), leaving the other columns as features.</param>
    /// <param name="target"><see cref="TargetKind.Classes"/> (the default): labels must be integers, encoded as
    /// <see cref="CsvLoader"/> encodes integer labels (kept when they are exactly 0 .. K-1, otherwise renumbered with their values as names).
    /// <see cref="TargetKind.Real"/>: labels are regression targets.</param>
    /// <exception cref="MemLabException">A missing file; a file that is not .npy, of another version, Fortran order, an
    /// unsupported dtype, the wrong number of dimensions, truncated or over-long; label and row counts that differ;
    /// a class label that is not an integer.</exception>
    public static Dataset Load(string featuresPath, string? labelsPath, TargetKind target = TargetKind.Classes)
    {
        ArgumentNullException.ThrowIfNull(featuresPath);
        if (!Enum.IsDefined(target))
            throw MemLabException.InvalidOptions($"The target kind must be Classes or Real; got {(int)target}.");
        NpyArray features = Read(featuresPath);
        if (features.Shape.Length != 2)
            throw MemLabException.InvalidFile(featuresPath,
                $"holds an array of shape {features.ShapeText}; features must be 2-D (N x d). Reshape it with x.reshape(len(x), -1) before saving.");
        long rows = features.Shape[0], columns = features.Shape[1];

        long featureCount = labelsPath is null ? columns - 1 : columns;
        if (featureCount < 1)
            throw MemLabException.InvalidFile(featuresPath,
                $"holds an array of shape {features.ShapeText}; {(labelsPath is null ? "without a labels file the last column is the label, so at least 2 columns are needed" : "each point needs at least one feature")}.");

        NpyArray labelSource = labelsPath is null ? features : ReadLabels(labelsPath, rows);
        long labelStart = labelsPath is null ? columns - 1 : 0;
        long labelStride = labelsPath is null ? columns : 1;

        var values = new float[rows * featureCount];
        for (long r = 0; r < rows; r++)
            for (long c = 0; c < featureCount; c++)
            {
                double value = features.Real(r * columns + c);
                values[r * featureCount + c] = FeatureValue.Narrow(value, out string? problem);
                if (problem is not null)
                    throw MemLabException.InvalidFile(featuresPath, $"row {r}, column {c}: feature value {FeatureValue.Text(value)} {problem}.");
            }

        string labelText = labelsPath is null ? "labels from its last column" : $"labels from {labelsPath}";
        var provenance = new DatasetProvenance(featuresPath,
            $"NPY {featuresPath}: {rows} x {featureCount} {features.DType} features, {labelText}");
        if (target == TargetKind.Real)
        {
            var targets = new double[rows];
            for (long r = 0; r < rows; r++) targets[r] = labelSource.Real(labelStart + r * labelStride);
            return Dataset.Regression(values, (int)featureCount, targets, provenance);
        }
        var integers = new long[rows];
        for (long r = 0; r < rows; r++) integers[r] = labelSource.Integer(labelStart + r * labelStride);
        var (labels, names) = IntegerLabels.Encode(integers);
        return Dataset.Classification(values, (int)featureCount, labels, names, provenance);
    }

    private static NpyArray ReadLabels(string path, long rows)
    {
        NpyArray labels = Read(path);
        if (labels.Shape.Length != 1)
        {
            string hint = labels.Shape.Length == 2 && labels.Shape[1] == 1 ? " Flatten it with y.ravel() before saving." : "";
            throw MemLabException.InvalidFile(path, $"holds an array of shape {labels.ShapeText}; labels must be 1-D with one entry per point.{hint}");
        }
        if (labels.Shape[0] != rows)
            throw MemLabException.InvalidFile(path, $"has {labels.Shape[0]} labels but the feature array has {rows} rows; give exactly one label per point.");
        return labels;
    }

    /// <summary>A parsed .npy file: its shape, dtype and raw little-endian data.</summary>
    private sealed class NpyArray(string path, long[] shape, string dtype, byte[] bytes, int offset)
    {
        public long[] Shape => shape;
        public string DType => dtype;
        public string ShapeText => "(" + string.Join(", ", shape) + (shape.Length == 1 ? ",)" : ")");

        public double Real(long index) => dtype switch
        {
            "<f4" => BinaryPrimitives.ReadSingleLittleEndian(Slice(index, 4)),
            "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(Slice(index, 8)),
            _ => Integer(index),
        };

        /// <summary>The element as an integer; a float element must have an integral value.</summary>
        public long Integer(long index)
        {
            switch (dtype)
            {
                case "|u1": return bytes[offset + index];
                case "<i4": return BinaryPrimitives.ReadInt32LittleEndian(Slice(index, 4));
                case "<i8": return BinaryPrimitives.ReadInt64LittleEndian(Slice(index, 8));
            }
            double value = Real(index);
            if (!double.IsInteger(value) || Math.Abs(value) > 1L << 53)
                throw MemLabException.InvalidFile(path,
                    $"has value {value.ToString(CultureInfo.InvariantCulture)} at index {index}; class labels must be integers. Load the data as regression (real targets) or round the labels.");
            return (long)value;
        }

        private ReadOnlySpan<byte> Slice(long index, int size) => bytes.AsSpan((int)(offset + index * size), size);
    }

    private static NpyArray Read(string path)
    {
        ExistingFile.Require(path, "Check the path; save arrays with numpy.save(path, array).");
        MemoryBudget.Require(new FileInfo(path).Length, 2, $"{path}: its bytes (read whole, then converted)", "load a smaller array");
        byte[] bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan(0, Math.Min(bytes.Length, Magic.Length)).SequenceEqual(Magic.AsSpan(0, Math.Min(bytes.Length, Magic.Length))) || bytes.Length == 0)
            throw MemLabException.InvalidFile(path, "does not start with the .npy magic string \\x93NUMPY; save arrays with numpy.save (not savez or pickle).");
        if (bytes.Length < 10)
            throw MemLabException.InvalidFile(path, $"is truncated: it holds {bytes.Length} bytes, the .npy magic string and no complete header; save the array again.");
        int major = bytes[6], minor = bytes[7];
        if (major is not (1 or 2))
            throw MemLabException.InvalidFile(path, $"is .npy format version {major}.{minor}; memlab reads versions 1.0 and 2.0. Save it with numpy.save, which writes version 1.0 whenever it can.");
        int lengthSize = major == 1 ? 2 : 4;
        if (bytes.Length < 8 + lengthSize)
            throw MemLabException.InvalidFile(path, $"is truncated: {bytes.Length} bytes cannot hold a version {major}.{minor} header.");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        long dataOffset = 8 + lengthSize + headerLength;
        if (dataOffset > bytes.Length)
            throw MemLabException.InvalidFile(path, $"is truncated: its header claims {headerLength} bytes but only {bytes.Length - 8 - lengthSize} follow.");
        string header = Encoding.Latin1.GetString(bytes, 8 + lengthSize, (int)headerLength);

        string dtype = DescrPattern().Match(header) is { Success: true } descr ? descr.Groups[1].Value
            : throw MemLabException.InvalidFile(path, $"has a header without a simple 'descr' entry ({header.Trim()}); structured dtypes are not supported, only {SupportedTypes}.");
        int itemSize = dtype switch
        {
            "|u1" => 1,
            "<f4" or "<i4" => 4,
            "<f8" or "<i8" => 8,
            _ => throw MemLabException.InvalidFile(path, $"has dtype '{dtype}'; memlab reads {SupportedTypes}. Convert with array.astype('<f4') before saving."),
        };
        Match fortran = FortranPattern().Match(header);
        if (!fortran.Success)
            throw MemLabException.InvalidFile(path, $"has a header without 'fortran_order' ({header.Trim()}); save it with numpy.save.");
        if (fortran.Groups[1].Value == "True")
            throw MemLabException.InvalidFile(path, "is stored in Fortran (column-major) order; memlab reads C order. Save numpy.ascontiguousarray(array) instead.");
        long[] shape = ParseShape(path, header);

        long count = 1;
        foreach (long size in shape)
        {
            count *= size;
            if (count > Array.MaxLength)
                throw MemLabException.InvalidFile(path, $"declares shape ({string.Join(", ", shape)}), too many values for memlab to load.");
        }
        long needed = count * itemSize, available = bytes.Length - dataOffset;
        if (available != needed)
            throw MemLabException.InvalidFile(path,
                $"{(available < needed ? "is truncated" : "is too long")}: shape ({string.Join(", ", shape)}) of dtype '{dtype}' needs {needed} data bytes but {available} follow the header; save the array again.");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("memlab's .npy reader assumes a little-endian machine.");
        return new NpyArray(path, shape, dtype, bytes, (int)dataOffset);
    }

    private static long[] ParseShape(string path, string header)
    {
        Match match = ShapePattern().Match(header);
        if (!match.Success)
            throw MemLabException.InvalidFile(path, $"has a header without a 'shape' tuple ({header.Trim()}); save it with numpy.save.");
        var shape = new List<long>();
        foreach (string part in match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out long size))
                throw MemLabException.InvalidFile(path, $"has shape entry '{part}' in its header, not a non-negative integer; the header is corrupt.");
            shape.Add(size);
        }
        return shape.ToArray();
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

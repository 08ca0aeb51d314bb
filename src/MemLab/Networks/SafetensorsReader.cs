using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace MemLab.Networks;

/// <summary>
/// The one reader of the safetensors container (the format of Hugging Face's <c>safetensors</c> library): an 8-byte
/// little-endian header length, a UTF-8 JSON object of tensor entries (dtype, shape, data_offsets) with an optional
/// <c>__metadata__</c> object of strings, then the tensors' bytes. Opening checks the container (length, header size
/// within the library's 100 MB limit, UTF-8, JSON, an object, no name twice); <see cref="Tensor"/> checks an entry
/// (fields, offsets within the data, bytes matching shape and dtype); <see cref="RequireExactly"/> checks that the
/// tensors are the expected ones and tile the data section with no overlap, gap or trailing byte; the reads check that
/// weights are finite. <see cref="NetworkFile"/> and the import of foreign files read through it; every problem is a
/// one-line <see cref="MemLabErrorKind.InvalidFile"/> naming the file.
/// </summary>
internal sealed class SafetensorsReader : IDisposable
{
    /// <summary>Headers larger than this (100 MB, the safetensors library's own limit) are rejected before they are read.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private readonly FileStream _stream;
    private readonly JsonDocument _header;
    private readonly long _dataStart;
    private readonly Dictionary<string, JsonElement> _entries;

    private SafetensorsReader(string path, FileStream stream, JsonDocument header, long dataStart, JsonElement? metadata, Dictionary<string, JsonElement> entries)
    {
        Path = path;
        _stream = stream;
        _header = header;
        _dataStart = dataStart;
        DataLength = stream.Length - dataStart;
        Metadata = metadata;
        _entries = entries;
    }

    /// <summary>The file read, as every message names it.</summary>
    public string Path { get; }

    /// <summary>The <c>__metadata__</c> entry as found (any JSON kind); null when there is none.</summary>
    public JsonElement? Metadata { get; }

    /// <summary>The number of bytes after the header.</summary>
    public long DataLength { get; }

    /// <summary>The names of the tensor entries, in header order.</summary>
    public IEnumerable<string> TensorNames => _entries.Keys;

    /// <summary>Opens <paramref name="path"/> and checks its container.</summary>
    /// <param name="path">The file.</param>
    /// <param name="missingHint">What the user should check when the file does not exist.</param>
    /// <param name="notSafetensors">Ends the messages that say the file is not safetensors, e.g. "pass a network saved by memlab".</param>
    /// <exception cref="MemLabException">The file is missing (FileNotFound-style, see <see cref="ExistingFile"/>) or its container is broken (InvalidFile).</exception>
    public static SafetensorsReader Open(string path, string missingHint, string notSafetensors)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ExistingFile.Require(path, missingHint);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("memlab reads safetensors files on little-endian machines only.");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        JsonDocument? header = null;
        SafetensorsReader? reader = null;
        try
        {
            (header, long dataStart) = ReadHeader(path, stream, notSafetensors);
            var (metadata, entries) = SplitHeader(path, header.RootElement);
            reader = new SafetensorsReader(path, stream, header, dataStart, metadata, entries);
            return reader;
        }
        finally
        {
            if (reader is null)
            {
                header?.Dispose();
                stream.Dispose();
            }
        }
    }

    /// <summary>The tensor entry <paramref name="name"/>, checked against the data section; null when the header has no such entry.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="dtypes">The dtypes the caller reads (of F64, F32 and I32).</param>
    /// <param name="dtypeHint">Ends the message about another dtype: what the tensor should be.</param>
    /// <exception cref="MemLabException">(InvalidFile) the entry lacks dtype, shape or data_offsets, has another dtype, malformed fields, lies outside the data, or spans other than its shape's bytes.</exception>
    public SafetensorsTensor? Tensor(string name, IReadOnlyCollection<string> dtypes, string dtypeHint)
    {
        if (!_entries.TryGetValue(name, out JsonElement entry)) return null;
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("dtype", out JsonElement dtype) || dtype.ValueKind != JsonValueKind.String
            || !entry.TryGetProperty("shape", out JsonElement shape) || shape.ValueKind != JsonValueKind.Array
            || !entry.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array)
            throw Invalid($"tensor '{name}' is not an object with dtype, shape and data_offsets; the header is damaged.");
        if (!dtypes.Contains(dtype.GetString()!))
            throw Invalid($"tensor '{name}' has dtype {dtype.GetString()}; {dtypeHint}");
        long[] sizes = shape.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out long v) && v >= 0 ? v : -1).ToArray();
        if (sizes.Any(s => s < 0))
            throw Invalid($"tensor '{name}' has shape {shape.GetRawText()}; a shape lists whole numbers >= 0.");
        if (offsets.GetArrayLength() != 2
            || !TryGetInteger(offsets[0], out long begin) || !TryGetInteger(offsets[1], out long end) || begin < 0 || end < begin)
            throw Invalid($"tensor '{name}' has data_offsets {offsets.GetRawText()}; expected [begin, end] with 0 <= begin <= end.");
        if (end > DataLength)
            throw Invalid($"tensor '{name}' has data_offsets [{begin},{end}] beyond the {DataLength} data bytes in the file; the file is truncated or damaged.");
        var tensor = new SafetensorsTensor(name, dtype.GetString()!, sizes, shape.GetRawText(), begin, end);
        int bytes = tensor.DType == "F64" ? 8 : 4;
        if (end - begin != bytes * tensor.Count)
            throw Invalid($"tensor '{name}' spans {end - begin} bytes (data_offsets [{begin},{end}]) but shape {tensor.ShapeText} of {tensor.DType} needs {bytes * tensor.Count}; the file is damaged.");
        return tensor;
    }

    /// <summary>
    /// Throws unless the header holds exactly the tensors <paramref name="expected"/> and their byte ranges tile the
    /// data section: no overlap, no gap, nothing after the last (the safetensors rule).
    /// </summary>
    /// <param name="expected">The tensors the caller read.</param>
    /// <param name="layout">Ends the message about an unexpected tensor: which tensors the layout has.</param>
    public void RequireExactly(IReadOnlyCollection<SafetensorsTensor> expected, string layout)
    {
        var names = expected.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in _entries.Keys)
            if (!names.Contains(name))
                throw Invalid($"it holds an unexpected tensor '{name}'; {layout}");
        long expectedBegin = 0;
        string previous = "the start of the data";
        foreach (SafetensorsTensor tensor in expected.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (tensor.Begin < expectedBegin)
                throw Invalid($"tensor '{tensor.Name}' [{tensor.Begin},{tensor.End}) overlaps {previous}, which ends at byte {expectedBegin}; safetensors tensors never share bytes, so the file is damaged.");
            if (tensor.Begin > expectedBegin)
                throw Invalid($"there is a gap of {tensor.Begin - expectedBegin} bytes between {previous} and tensor '{tensor.Name}'; safetensors files have none, so the file is damaged.");
            expectedBegin = tensor.End;
            previous = $"tensor '{tensor.Name}'";
        }
        if (expectedBegin != DataLength)
            throw Invalid($"it has {DataLength - expectedBegin} bytes after the last tensor; safetensors files end with their last tensor, so the file is damaged or has something appended.");
    }

    /// <summary>
    /// An F64 or F32 tensor (opened with those dtypes) as float64 (float32 widened exactly), every value checked to be finite; the message
    /// places a bad value at its row and column when <paramref name="columns"/> is given, else at its index.
    /// </summary>
    /// <exception cref="MemLabException">(InvalidFile) a value that is NaN or infinite.</exception>
    public double[] ReadDoubles(SafetensorsTensor tensor, int? columns)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var values = new double[tensor.Count];
        _stream.Position = _dataStart + tensor.Begin;
        if (tensor.DType == "F64")
        {
            _stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            var narrow = new float[tensor.Count];
            _stream.ReadExactly(MemoryMarshal.AsBytes(narrow.AsSpan()));
            for (long i = 0; i < narrow.LongLength; i++) values[i] = narrow[i];
        }
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0)
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"tensor '{tensor.Name}' holds {values[bad]} at {(columns is int c ? $"row {bad / c}, column {bad % c}" : $"index {bad}")}; network weights must be finite, so the file is damaged."));
        return values;
    }

    /// <summary>An I32 tensor (opened with dtype I32), read as it is (its user checks the values).</summary>
    public int[] ReadInt32(SafetensorsTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var values = new int[tensor.Count];
        _stream.Position = _dataStart + tensor.Begin;
        _stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>An <see cref="MemLabErrorKind.InvalidFile"/> error about this file.</summary>
    public MemLabException Invalid(string message, Exception? inner = null) => MemLabException.InvalidFile(Path, message, inner);

    /// <inheritdoc/>
    public void Dispose()
    {
        _header.Dispose();
        _stream.Dispose();
    }

    private static (JsonDocument Header, long DataStart) ReadHeader(string path, FileStream stream, string notSafetensors)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw MemLabException.InvalidFile(path, $"the file is {fileLength} bytes long, too short for a safetensors file (8-byte header length, then the header); {notSafetensors}");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8))
            throw MemLabException.InvalidFile(path, $"the header length is {headerLength} bytes but only {fileLength - 8} bytes follow it; this is not a safetensors file, or it is truncated.");
        if (headerLength > MaxHeaderBytes)
            throw MemLabException.InvalidFile(path, $"the header length is {headerLength} bytes, more than the {MaxHeaderBytes} a safetensors header may have; this is not a safetensors file.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        if (!Utf8.IsValid(header))
            throw MemLabException.InvalidFile(path, $"the safetensors header is not valid UTF-8 text; the file is damaged or not a safetensors file.");
        JsonDocument document = FileJson.Parse(path, header, "the safetensors header", "this is not a safetensors file");
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            JsonValueKind kind = document.RootElement.ValueKind;
            document.Dispose();
            throw MemLabException.InvalidFile(path, $"the safetensors header is a JSON {FileJson.Describe(kind)}, not an object of tensors; this is not a safetensors file.");
        }
        return (document, 8 + (long)headerLength);
    }

    /// <summary>Separates <c>__metadata__</c> from the tensor entries, rejecting names that appear twice.</summary>
    private static (JsonElement? Metadata, Dictionary<string, JsonElement> Tensors) SplitHeader(string path, JsonElement root)
    {
        JsonElement? metadata = null;
        var tensors = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                if (metadata is not null)
                    throw MemLabException.InvalidFile(path, "the header has two __metadata__ entries; the file is damaged.");
                metadata = property.Value;
            }
            else if (!tensors.TryAdd(property.Name, property.Value))
            {
                throw MemLabException.InvalidFile(path, $"the header lists tensor '{property.Name}' twice; the file is damaged.");
            }
        }
        return (metadata, tensors);
    }

    private static bool TryGetInteger(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }
}

using System.Buffers.Binary;

namespace MemLab.Data.Loaders;

/// <summary>
/// Reads IDX files of unsigned bytes (the format of MNIST and its look-alikes), raw or gzip-compressed (decoded
/// once and then read from <see cref="DecodedCache"/>).
/// Layout (LeCun et al., MNIST database page): a big-endian magic number 0x0000TTDD where TT = 0x08
/// means unsigned bytes and DD is the number of dimensions, then DD big-endian int32 sizes, then the
/// values in row-major order.
/// </summary>
internal static class IdxReader
{
    private const int UnsignedByteType = 0x08;

    /// <summary>
    /// Reads the file at <paramref name="path"/> (gzip-decompressed when it ends in ".gz") and checks
    /// that it holds unsigned bytes with <paramref name="dimensionCount"/> dimensions.
    /// </summary>
    /// <exception cref="MemLabException">Wrong magic number, truncated or over-long content, or bad gzip data.</exception>
    public static (int[] Dimensions, ReadOnlyMemory<byte> Values) ReadUnsignedBytes(string path, int dimensionCount) =>
        ReadUnsignedBytes(path, dimensionCount, DecodedCache.Folder);

    /// <summary>
    /// <see cref="ReadUnsignedBytes(string, int)"/> with the decoded-data cache in <paramref name="cacheDirectory"/>
    /// (null: none). The values of a compressed file are the decoded content past its header, not a copy of it.
    /// </summary>
    public static (int[] Dimensions, ReadOnlyMemory<byte> Values) ReadUnsignedBytes(string path, int dimensionCount, string? cacheDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensionCount);
        bool compressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        try
        {
            if (compressed)
            {
                ReadOnlyMemory<byte> content = DecodedCache.Decompress(path, cacheDirectory);
                using var header = new MemoryStream(content[..Math.Min(content.Length, 4 * (1 + dimensionCount))].ToArray(), writable: false);
                var (dimensions, count) = ReadHeader(header, path, dimensionCount);
                long rest = content.Length - header.Position;
                if (rest < count)
                    throw MemLabException.InvalidFile(path,
                        $"is truncated: its header promises {Shape(dimensions, dimensionCount)} = {count} values but only {rest} follow; download it again.");
                if (rest > count) throw TooLong(path, dimensions, count);
                return (dimensions, content.Slice((int)header.Position, (int)count));
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return Read(stream, path, dimensionCount);
        }
        catch (InvalidDataException e)
        {
            throw MemLabException.InvalidFile(path, $"is not valid gzip data ({e.Message}); download the file again, or drop the .gz suffix if it is not compressed.", e);
        }
    }

    private static (int[] Dimensions, ReadOnlyMemory<byte> Values) Read(Stream stream, string path, int dimensionCount)
    {
        var (dimensions, count) = ReadHeader(stream, path, dimensionCount);
        // A raw file's length is known: refuse a truncated one before allocating what a corrupt header promises.
        if (stream.CanSeek && stream.Length - stream.Position < count)
            throw MemLabException.InvalidFile(path,
                $"is truncated: its header promises {Shape(dimensions, dimensionCount)} = {count} values but only {stream.Length - stream.Position} follow; download it again.");
        var values = new byte[count];
        int read = stream.ReadAtLeast(values, values.Length, throwOnEndOfStream: false);
        if (read < values.Length)
            throw MemLabException.InvalidFile(path,
                $"is truncated: its header promises {Shape(dimensions, dimensionCount)} = {count} values but only {read} follow; download it again.");
        if (stream.ReadByte() >= 0) throw TooLong(path, dimensions, count);
        return (dimensions, values);
    }

    private static MemLabException TooLong(string path, int[] dimensions, long count) =>
        MemLabException.InvalidFile(path,
            $"has more bytes than the {count} values ({Shape(dimensions, dimensions.Length)}) its header promises; the file is corrupt or not an IDX file.");

    /// <summary>The header's dimensions and their product, checked (magic number, length, sizes).</summary>
    private static (int[] Dimensions, long Count) ReadHeader(Stream stream, string path, int dimensionCount)
    {
        int headerLength = 4 * (1 + dimensionCount);
        var header = new byte[headerLength];
        int headerRead = stream.ReadAtLeast(header, headerLength, throwOnEndOfStream: false);
        if (headerRead >= 4)
            CheckMagic(BinaryPrimitives.ReadUInt32BigEndian(header), path, dimensionCount);
        if (headerRead < headerLength)
            throw MemLabException.InvalidFile(path,
                $"is truncated: it holds {headerRead} bytes, fewer than the {headerLength}-byte IDX header with {dimensionCount} dimensions; download it again.");

        var dimensions = new int[dimensionCount];
        long count = 1;
        for (int i = 0; i < dimensionCount; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * (i + 1)));
            if (dimensions[i] < 0)
                throw MemLabException.InvalidFile(path, $"has dimension {i} of size {dimensions[i]} in its header; sizes must be >= 0. The file is corrupt; download it again.");
            count *= dimensions[i];
            if (count > Array.MaxLength)
                throw MemLabException.InvalidFile(path, $"declares {Shape(dimensions, i + 1)} values, more than one array can hold; the header is corrupt or the file is too large for memlab.");
        }

        return (dimensions, count);
    }

    private static void CheckMagic(uint magic, string path, int dimensionCount)
    {
        uint expected = (UnsignedByteType << 8) | (uint)dimensionCount;
        if (magic == expected) return;
        string gzipHint = magic >> 16 == 0x1F8B ? " It looks gzip-compressed: give it a .gz suffix." : "";
        throw MemLabException.InvalidFile(path,
            $"has magic number 0x{magic:X8}, expected 0x{expected:X8} (IDX, unsigned bytes, {dimensionCount} dimension{(dimensionCount == 1 ? "" : "s")}); check that this is the right file.{gzipHint}");
    }

    private static string Shape(int[] dimensions, int count) => string.Join(" x ", dimensions.Take(count));
}

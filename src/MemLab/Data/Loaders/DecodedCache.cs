using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace MemLab.Data.Loaders;

/// <summary>
/// Keeps the decompressed bytes of a gzip data file (the MNIST .gz files) in a cache folder, so a run reads them
/// instead of gunzipping the file again. A cache entry holds a header (format tag, the source's length and
/// SHA-256, the content's length and SHA-256) and the content. It is used only when all four match: a changed
/// source (any byte) makes a new entry, and a damaged or truncated entry is rebuilt. Entries are written to a
/// temporary file in the same folder and renamed into place, so a reader never sees one half-written. The library
/// caches only when the caller sets <see cref="Folder"/>; the command line sets it to <see cref="FolderFrom"/> its
/// environment. A folder that cannot be written only costs the speed-up.
/// </summary>
public static class DecodedCache
{
    private static readonly byte[] Tag = "memlab-decoded-1"u8.ToArray();
    private const int HeaderLength = 16 + 8 + 32 + 8 + 32;

    /// <summary>The cache folder every load uses; null (the default) for no cache.</summary>
    public static string? Folder { get; set; }

    /// <summary>
    /// The cache folder an environment names: <c>MEMLAB_CACHE</c>, else <c>XDG_CACHE_HOME/memlab</c>, else
    /// <c>HOME/.cache/memlab</c>; null when <c>MEMLAB_CACHE=off</c> or none is set.
    /// </summary>
    /// <param name="variable">Looks up an environment variable (null when unset).</param>
    public static string? FolderFrom(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? chosen = variable("MEMLAB_CACHE");
        if (string.Equals(chosen, "off", StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrEmpty(chosen)) return chosen;
        string? xdg = variable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "memlab");
        string? home = variable("HOME");
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "memlab");
    }

    /// <summary>
    /// The gunzipped content of <paramref name="gzipPath"/>, from the cache in <paramref name="cacheDirectory"/> when a
    /// valid entry is there (null: no cache), mapped from the entry's file (<see cref="MappedBytes"/>) rather than copied.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not valid gzip data.</exception>
    internal static ReadOnlyMemory<byte> Decompress(string gzipPath, string? cacheDirectory)
    {
        byte[] source = File.ReadAllBytes(gzipPath);
        if (cacheDirectory is null) return Gunzip(source);
        byte[] sourceHash = SHA256.HashData(source);
        string entry = Path.Combine(cacheDirectory, $"{Path.GetFileNameWithoutExtension(gzipPath)}-{Convert.ToHexStringLower(sourceHash)[..16]}");
        if (TryRead(entry, source.LongLength, sourceHash) is { } cached) return cached.Memory;
        byte[] content = Gunzip(source);
        TryWrite(entry, source.LongLength, sourceHash, content);
        return content;
    }

    private static byte[] Gunzip(byte[] source)
    {
        using var input = new GZipStream(new MemoryStream(source), CompressionMode.Decompress);
        using var output = new MemoryStream(source.Length * 6);
        input.CopyTo(output);
        return output.ToArray();
    }

    private static MappedBytes? TryRead(string entry, long sourceLength, byte[] sourceHash)
    {
        FileStream? file = null;
        try
        {
            // The header first; the content is mapped, not copied (the mapping owns the file from then on).
            file = new FileStream(entry, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            var header = new byte[HeaderLength];
            if (file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength
                || !header.AsSpan(0, 16).SequenceEqual(Tag)
                || BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16)) != sourceLength
                || !header.AsSpan(24, 32).SequenceEqual(sourceHash))
                return Closed(file);
            long contentLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(56));
            if (contentLength != file.Length - HeaderLength || contentLength > Array.MaxLength) return Closed(file);
            MappedBytes content = MappedBytes.Map(file, HeaderLength, (int)contentLength);
            file = null;
            if (SHA256.HashData(content.GetSpan()).AsSpan().SequenceEqual(header.AsSpan(64, 32))) return content;
            ((IDisposable)content).Dispose();
            return null;
        }
        catch (IOException)
        {
            return Closed(file);
        }
        catch (UnauthorizedAccessException)
        {
            return Closed(file);
        }
    }

    private static MappedBytes? Closed(FileStream? file)
    {
        file?.Dispose();
        return null;
    }

    private static void TryWrite(string entry, long sourceLength, byte[] sourceHash, byte[] content)
    {
        var header = new byte[HeaderLength];
        Tag.CopyTo(header, 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), sourceLength);
        sourceHash.CopyTo(header, 24);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(56), content.LongLength);
        SHA256.HashData(content).CopyTo(header, 64);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
            AtomicFile.Write(entry, file =>
            {
                file.Write(header);
                file.Write(content);
            });
        }
        catch (Exception error) when (error is MemLabException or IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the speed-up: the entry was never renamed into place.
        }
    }
}

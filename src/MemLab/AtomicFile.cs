using System.Text;

namespace MemLab;

/// <summary>
/// The one way memlab writes a file: the bytes go to a temporary file in the target's folder, which is flushed to disk
/// and then renamed over the target. A kill or a full disk at any moment leaves either the previous file or the
/// complete new one, never a part of it. A failed write removes its temporary file; one left by a killed process is
/// removed by the next write into the same folder.
/// </summary>
public static class AtomicFile
{
    /// <summary>How every temporary file memlab writes ends; the name before it is <c>.TARGET.PID.RANDOM</c>.</summary>
    public const string TemporarySuffix = ".memlab-tmp";

    /// <summary>Writes what <paramref name="write"/> puts into the stream to <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="MemLabException">
    /// The path is a folder or empty, its folder does not exist (see <see cref="OutputPath.Require"/>), or the file cannot
    /// be written (permissions, a full disk, an I/O error); the previous file at <paramref name="path"/> is then unchanged.
    /// </exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        OutputPath.Require(path);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target)!;
        RemoveStale(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Path.GetRandomFileName()}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            string reason = error is UnauthorizedAccessException ? "permission denied" : error.Message.Replace(temporary, target, StringComparison.Ordinal).TrimEnd('.');
            throw MemLabException.FileAccess(path, $"cannot be written ({reason}); the previous file, if any, is unchanged. Free some disk space or choose a folder you can write to.", error);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> as <see cref="Write(string, Action{Stream})"/> does.</summary>
    public static void WriteBytes(string path, ReadOnlyMemory<byte> bytes) => Write(path, stream => stream.Write(bytes.Span));

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark to <paramref name="path"/> as <see cref="Write(string, Action{Stream})"/> does.</summary>
    public static void WriteText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text)));
    }

    /// <summary>Writes text line by line through <paramref name="write"/> (UTF-8, no byte-order mark) as <see cref="Write(string, Action{Stream})"/> does.</summary>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
            write(writer);
        });
    }

    /// <summary>Removes the temporary files in <paramref name="folder"/> whose writing process no longer runs.</summary>
    internal static void RemoveStale(string folder)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, "*" + TemporarySuffix).ToList();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string candidate in candidates)
            if (WriterProcess(Path.GetFileName(candidate)) is { } pid && !LiveProcess.IsRunning(pid))
                TryDelete(candidate);
    }

    /// <summary>The process id in a temporary file's name <c>.TARGET.PID.RANDOM.memlab-tmp</c>, or null when the name is not one of ours.</summary>
    private static int? WriterProcess(string name)
    {
        string[] parts = name[..^TemporarySuffix.Length].Split('.');
        // The random part (Path.GetRandomFileName) holds one dot: ... . PID . xxxxxxxx . xxx
        return parts.Length >= 4 && int.TryParse(parts[^3], out int pid) ? pid : null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Left for the next write's clean-up.
        }
    }
}

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
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Environment.ProcessId}-{HostTag}.{Path.GetRandomFileName()}{TemporarySuffix}");
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

    /// <summary>
    /// This machine's tag in temporary file names (8 hex digits of a hash of its name), so a folder shared between
    /// machines (NFS, Slurm nodes) never judges another machine's writer by a local process id.
    /// </summary>
    internal static readonly string HostTag =
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName)))[..8];

    /// <summary>How long a temporary file of another machine's (or an unknown) writer must be untouched before it counts as abandoned.</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// Removes the temporary files in <paramref name="folder"/> that no writer will finish: those of a process of this
    /// machine that no longer runs, and those of another machine untouched for <see cref="AbandonedAfter"/>.
    /// </summary>
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
            if (Writer(Path.GetFileName(candidate)) is var (pid, host) && Abandoned(candidate, pid, host))
                TryDelete(candidate);
    }

    private static bool Abandoned(string path, int pid, string? host)
    {
        if (host == HostTag) return !LiveProcess.IsRunning(pid);
        try
        {
            return DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > AbandonedAfter;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The writer in a temporary file's name <c>.TARGET.PID-HOST.RANDOM.memlab-tmp</c> (HOST null in the older
    /// <c>.TARGET.PID.RANDOM</c> form), or null when the name is not one of ours.
    /// </summary>
    private static (int Pid, string? Host)? Writer(string name)
    {
        string[] parts = name[..^TemporarySuffix.Length].Split('.');
        // The random part (Path.GetRandomFileName) holds one dot: ... . PID-HOST . xxxxxxxx . xxx
        if (parts.Length < 4) return null;
        string[] writer = parts[^3].Split('-');
        if (!int.TryParse(writer[0], out int pid)) return null;
        return writer.Length switch
        {
            1 => (pid, null),
            2 => (pid, writer[1]),
            _ => null,
        };
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

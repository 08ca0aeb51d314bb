namespace MemLab;

/// <summary>
/// The one exception type for problems a user can cause: bad files, bad data, bad options, a missing
/// backend. Its message says what was wrong, the value found, and how to fix it. Created only through
/// the named factories so every message follows that shape.
/// </summary>
public sealed class MemLabException : Exception
{
    private MemLabException(MemLabErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    /// <summary>The category of the problem.</summary>
    public MemLabErrorKind Kind { get; }

    /// <summary>The data cannot be used as given.</summary>
    public static MemLabException InvalidData(string message) => new(MemLabErrorKind.InvalidData, message);

    /// <summary>The file at <paramref name="path"/> is malformed; <paramref name="message"/> says how.</summary>
    public static MemLabException InvalidFile(string path, string message, Exception? inner = null) =>
        new(MemLabErrorKind.InvalidFile, $"{path}: {message}", inner);

    /// <summary>The file or directory at <paramref name="path"/> does not exist; <paramref name="hint"/> says what to do.</summary>
    public static MemLabException FileNotFound(string path, string hint) =>
        new(MemLabErrorKind.FileNotFound, $"{path} does not exist. {hint}");

    /// <summary>A data spec string is malformed or names something unknown.</summary>
    public static MemLabException InvalidSpec(string message) => new(MemLabErrorKind.InvalidSpec, message);

    /// <summary>An option is out of range.</summary>
    public static MemLabException InvalidOptions(string message) => new(MemLabErrorKind.InvalidOptions, message);

    /// <summary>A theorem's or construction's hypothesis fails on the data.</summary>
    public static MemLabException HypothesisViolated(string message) => new(MemLabErrorKind.HypothesisViolated, message);

    /// <summary>A backend that was explicitly requested cannot be loaded.</summary>
    public static MemLabException BackendUnavailable(string message, Exception? inner = null) =>
        new(MemLabErrorKind.BackendUnavailable, message, inner);

    /// <summary>A results database cannot be used as asked (another sweep's, locked, conflicting results).</summary>
    public static MemLabException ResultsStore(string message, Exception? inner = null) =>
        new(MemLabErrorKind.ResultsStore, message, inner);

    /// <summary>The file at <paramref name="path"/> cannot be read or written (permissions, a full disk, an I/O error); <paramref name="message"/> says what happened and what to do.</summary>
    public static MemLabException FileAccess(string? path, string message, Exception? inner = null) =>
        new(MemLabErrorKind.FileAccess, path is null ? message : $"{path}: {message}", inner);
}

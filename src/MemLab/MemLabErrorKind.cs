namespace MemLab;

/// <summary>What kind of user-caused problem a <see cref="MemLabException"/> reports.</summary>
public enum MemLabErrorKind
{
    /// <summary>The data is unusable: empty, NaN or infinite values, conflicting duplicates, wrong shapes.</summary>
    InvalidData,
    /// <summary>A file exists but its content is not in the expected format (bad magic number, truncated, ragged).</summary>
    InvalidFile,
    /// <summary>A file or directory that was asked for does not exist.</summary>
    FileNotFound,
    /// <summary>A data spec string could not be understood (unknown source or key, bad value).</summary>
    InvalidSpec,
    /// <summary>An option or argument is out of its valid range.</summary>
    InvalidOptions,
    /// <summary>A hypothesis of a theorem or construction does not hold for the given data.</summary>
    HypothesisViolated,
    /// <summary>A requested computational backend (for example OpenBLAS) cannot be used.</summary>
    BackendUnavailable,
    /// <summary>A results database cannot be used as asked: it holds another sweep, it is locked, or merged results conflict.</summary>
    ResultsStore,
    /// <summary>A file cannot be read or written: no permission, a full disk, an I/O error, or not enough memory to hold it.</summary>
    FileAccess,
}

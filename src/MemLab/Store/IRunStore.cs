namespace MemLab.Store;

/// <summary>Where a sweep records its finished runs, one sweep per store. <see cref="SqliteRunStore"/> is the durable implementation.</summary>
public interface IRunStore
{
    /// <summary>
    /// The keys of the runs already recorded as successful, which a resumed sweep skips. Failed runs are run again
    /// (a missing data folder or an out-of-memory error must not spoil a database), and their new record replaces the
    /// failed one.
    /// </summary>
    IReadOnlySet<RunKey> RecordedRuns();

    /// <summary>
    /// Records one finished run durably before returning; safe to call from several threads at once. A run already
    /// recorded as successful is never overwritten; a failed one is replaced.
    /// </summary>
    /// <exception cref="MemLabException">The store cannot be written (for example, it stays locked past the timeout).</exception>
    void Record(RunRecord record);

    /// <summary>
    /// Claims the run <paramref name="key"/> for this store's process before it computes it, so that two processes
    /// sharing one store never compute the same run: false when the run is already recorded as successful, or another
    /// live process holds its claim. A claim ends when its run is recorded as successful or the store is closed; the
    /// claim of a process that was killed expires.
    /// </summary>
    /// <exception cref="MemLabException">The store cannot be written.</exception>
    bool TryClaim(RunKey key);
}

namespace MemLab.Store;

/// <summary>Where a sweep records its finished runs, one sweep per store. <see cref="SqliteRunStore"/> is the durable implementation.</summary>
public interface IRunStore
{
    /// <summary>The keys of the runs already recorded, which a resumed sweep skips.</summary>
    IReadOnlySet<RunKey> RecordedRuns();

    /// <summary>Records one finished run durably before returning; safe to call from several threads at once.</summary>
    /// <exception cref="MemLabException">The store cannot be written (for example, it stays locked past the timeout).</exception>
    void Record(RunRecord record);
}

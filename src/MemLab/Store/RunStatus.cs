namespace MemLab.Store;

/// <summary>How a recorded run ended.</summary>
public enum RunStatus
{
    /// <summary>The task returned its metrics.</summary>
    Ok,
    /// <summary>The task threw; the record keeps the message and no metrics.</summary>
    Failed,
}

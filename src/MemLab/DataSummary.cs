namespace MemLab;

/// <summary>A dataset's identity for reports: the spec that rebuilds it, what was done to it, and its content hash.</summary>
/// <param name="Spec">The canonical data spec.</param>
/// <param name="Description">How it was generated or loaded and each preprocessing step.</param>
/// <param name="ContentHash">The <see cref="Dataset.ContentHash"/>: equal exactly when the data is byte-identical.</param>
public sealed record DataSummary(string Spec, string Description, string ContentHash)
{
    /// <summary>The summary of <paramref name="data"/>.</summary>
    public static DataSummary Of(Dataset data) => new(data.Provenance.Spec, data.Provenance.Description, data.ContentHash());
}

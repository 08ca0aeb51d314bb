namespace MemLab;

/// <summary>Where a <see cref="Dataset"/> came from: the spec that reproduces it and a readable description.</summary>
/// <param name="Spec">The data spec string that rebuilds this dataset (for example <c>moons:n=1000,noise=0.05,seed=0</c>), or a file path.</param>
/// <param name="Description">A short human-readable account, including every preprocessing step applied.</param>
public sealed record DatasetProvenance(string Spec, string Description)
{
    /// <summary>Provenance for data built in code with no spec string.</summary>
    public static DatasetProvenance InMemory(string description) => new("in-memory", description);
}

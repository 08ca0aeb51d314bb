namespace MemLab.Constructions;

/// <summary>
/// A published construction that builds a network memorizing a dataset (STYLE.md, "One interface for
/// constructions"). Execution resources (the BLAS backend, a progress sink) go into the implementing type's
/// constructor; the scientific inputs go into <see cref="Build"/>, which is pure in (data, options, seed).
/// </summary>
/// <typeparam name="TOptions">The construction's options record.</typeparam>
public interface IConstruction<in TOptions> where TOptions : ConstructionOptions
{
    /// <summary>Stable kebab-case id used by the CLI and the results database, e.g. "finke". Never derived from the class name.</summary>
    string Id { get; }

    /// <summary>
    /// Builds the network for <paramref name="data"/>, verifies it in float64 on every training point and returns
    /// both. The same (data, options, seed) on the same backend give a bit-identical network; the inputs are not modified.
    /// </summary>
    /// <exception cref="MemLabException">Invalid options, or data the construction cannot take.</exception>
    BuildResult Build(Dataset data, TOptions options, Seed seed);
}

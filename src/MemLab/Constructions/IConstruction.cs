namespace MemLab.Constructions;

/// <summary>
/// A published construction that builds a network memorizing a dataset, seen without its options type: what the
/// registry (<see cref="ConstructionRegistry"/>), <see cref="Lab"/>, the sweep tasks and the contract tests hold.
/// Execution resources (the BLAS backend, a progress sink) go into the implementing type's constructor; the scientific
/// inputs go into <see cref="Build"/>, which is pure in (data, options, seed).
/// </summary>
public interface IConstruction
{
    /// <summary>Stable kebab-case id used by the CLI and the results database, e.g. "finke". Never derived from the class name.</summary>
    string Id { get; }

    /// <summary>The construction's options record type.</summary>
    Type OptionsType { get; }

    /// <summary>
    /// Builds the network for <paramref name="data"/>, verifies it in float64 on every training point and returns
    /// both. The same (data, options, seed) on the same backend give a bit-identical network; the inputs are not modified.
    /// </summary>
    /// <exception cref="MemLabException">Invalid options (also options of another construction's type), or data the construction cannot take.</exception>
    BuildResult Build(Dataset data, ConstructionOptions options, Seed seed);
}

/// <summary>
/// A construction with its options record <typeparamref name="TOptions"/>: the untyped <see cref="IConstruction.Build"/> forwards to the typed one.
/// </summary>
/// <typeparam name="TOptions">The construction's options record.</typeparam>
public interface IConstruction<in TOptions> : IConstruction where TOptions : ConstructionOptions
{
    /// <inheritdoc cref="IConstruction.Build"/>
    BuildResult Build(Dataset data, TOptions options, Seed seed);

    Type IConstruction.OptionsType => typeof(TOptions);

    BuildResult IConstruction.Build(Dataset data, ConstructionOptions options, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Build(data, options as TOptions
            ?? throw MemLabException.InvalidOptions($"{Id} takes {typeof(TOptions).Name}, not {options.GetType().Name}."), seed);
    }
}

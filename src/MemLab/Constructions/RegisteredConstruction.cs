using MemLab.LinearAlgebra;

namespace MemLab.Constructions;

/// <summary>
/// One entry of <see cref="ConstructionRegistry"/>: a construction's stable id, its class (which carries the
/// <see cref="SourceAttribute"/>), its options and details types, and how to make it on a backend.
/// </summary>
public sealed class RegisteredConstruction
{
    private readonly Func<IBlas, IProgress<double>?, IConstruction> _create;
    private readonly Func<ConstructionOptions> _defaults;

    private RegisteredConstruction(string id, Type type, Type optionsType, Type detailsType, Func<IBlas, IProgress<double>?, IConstruction> create,
        Func<ConstructionOptions> defaults)
    {
        Id = id;
        Type = type;
        OptionsType = optionsType;
        DetailsType = detailsType;
        _create = create;
        _defaults = defaults;
    }

    /// <summary>The entry of construction <typeparamref name="TConstruction"/>, made by <paramref name="create"/>.</summary>
    /// <typeparam name="TConstruction">The construction class.</typeparam>
    /// <typeparam name="TOptions">Its options record.</typeparam>
    /// <typeparam name="TDetails">The details record its reports carry.</typeparam>
    /// <param name="id">The construction's id constant.</param>
    /// <param name="create">Makes the construction on a backend, with a progress sink (null for none; a construction that reports no progress ignores it).</param>
    /// <param name="defaults">Makes the default options (for a construction with a required option, the defaults with it unset, which validation refuses until it is given).</param>
    public static RegisteredConstruction Of<TConstruction, TOptions, TDetails>(string id, Func<IBlas, IProgress<double>?, TConstruction> create,
        Func<TOptions> defaults)
        where TConstruction : IConstruction<TOptions>
        where TOptions : ConstructionOptions
        where TDetails : ConstructionDetails
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(defaults);
        return new RegisteredConstruction(id, typeof(TConstruction), typeof(TOptions), typeof(TDetails), (blas, progress) => create(blas, progress),
            () => defaults());
    }

    /// <summary>The stable kebab-case id, e.g. "finke": the <c>build</c> subcommand, the sweep task and the network's method.</summary>
    public string Id { get; }

    /// <summary>The construction class.</summary>
    public Type Type { get; }

    /// <summary>The options record the construction takes.</summary>
    public Type OptionsType { get; }

    /// <summary>The <see cref="ConstructionDetails"/> record in the construction's reports.</summary>
    public Type DetailsType { get; }

    /// <summary>The publication and algorithm implemented, from the class's <see cref="SourceAttribute"/>.</summary>
    public string Source => SourceAttribute.Describe(Type);

    /// <summary>A fresh copy of the default options, of type <see cref="OptionsType"/>.</summary>
    public ConstructionOptions Defaults() => _defaults();

    /// <summary>The construction computing with <paramref name="blas"/> and reporting the fraction of a build done to <paramref name="progress"/>.</summary>
    public IConstruction Create(IBlas blas, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(blas);
        return _create(blas, progress);
    }
}

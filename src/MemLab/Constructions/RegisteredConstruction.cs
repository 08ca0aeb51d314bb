using MemLab.LinearAlgebra;

namespace MemLab.Constructions;

/// <summary>
/// One entry of <see cref="ConstructionRegistry"/>: a construction's stable id, its class (which carries the
/// <see cref="SourceAttribute"/>), its options and details types, how to make it on a backend, and what a sweep records
/// of its builds (stated by its details record).
/// </summary>
public sealed class RegisteredConstruction
{
    private RegisteredConstruction()
    {
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
        where TDetails : ConstructionDetails, ISweepMeasured
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(defaults);
        return new RegisteredConstruction
        {
            Id = id,
            Type = typeof(TConstruction),
            OptionsType = typeof(TOptions),
            DetailsType = typeof(TDetails),
            Sweep = TDetails.Sweep,
            Factory = (blas, progress) => create(blas, progress),
            DefaultsFactory = () => defaults(),
        };
    }

    /// <summary>The stable kebab-case id, e.g. "finke": the <c>build</c> subcommand, the sweep task and the network's method.</summary>
    public string Id { get; private init; } = null!;

    /// <summary>The construction class.</summary>
    public Type Type { get; private init; } = null!;

    /// <summary>The options record the construction takes.</summary>
    public Type OptionsType { get; private init; } = null!;

    /// <summary>The <see cref="ConstructionDetails"/> record in the construction's reports.</summary>
    public Type DetailsType { get; private init; } = null!;

    /// <summary>What its sweep task records: description, metric names, values a method failure fixes (from the details record).</summary>
    public SweepMetrics Sweep { get; private init; } = null!;

    /// <summary>The publication and algorithm implemented, from the class's <see cref="SourceAttribute"/>.</summary>
    public string Source => SourceAttribute.Describe(Type);

    /// <summary>A fresh copy of the default options, of type <see cref="OptionsType"/>.</summary>
    public ConstructionOptions Defaults() => DefaultsFactory();

    /// <summary>The construction computing with <paramref name="blas"/> and reporting the fraction of a build done to <paramref name="progress"/>.</summary>
    public IConstruction Create(IBlas blas, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(blas);
        return Factory(blas, progress);
    }

    private Func<IBlas, IProgress<double>?, IConstruction> Factory { get; init; } = null!;

    private Func<ConstructionOptions> DefaultsFactory { get; init; } = null!;
}

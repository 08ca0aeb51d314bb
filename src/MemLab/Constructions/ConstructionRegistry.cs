using MemLab.LinearAlgebra;

namespace MemLab.Constructions;

/// <summary>
/// Every construction memlab implements, in the order <c>memlab build --help</c> lists them. The build commands, the
/// sweep tasks, <see cref="Lab"/> and the contract tests take their lists from here, and a test fails when a
/// construction class is missing, so adding a construction is its class (with options and details) and one entry.
/// </summary>
public static class ConstructionRegistry
{
    /// <summary>Every registered construction.</summary>
    public static IReadOnlyList<RegisteredConstruction> All { get; } =
    [
        RegisteredConstruction.Of<FinkeConstruction, FinkeOptions, FinkeDetails>(
            FinkeConstruction.ConstructionId, (blas, progress) => new FinkeConstruction(blas, progress),
            () => new FinkeOptions()),
        RegisteredConstruction.Of<ZhangConstruction, ZhangOptions, ZhangDetails>(
            ZhangConstruction.ConstructionId, (blas, _) => new ZhangConstruction(blas),
            () => new ZhangOptions()),
        RegisteredConstruction.Of<YunConstruction, YunOptions, YunDetails>(
            YunConstruction.ConstructionId, (blas, _) => new YunConstruction(blas),
            () => new YunOptions()),
        RegisteredConstruction.Of<NearestCentreConstruction, NearestCentreOptions, NearestCentreDetails>(
            NearestCentreConstruction.ConstructionId, (blas, progress) => new NearestCentreConstruction(blas, progress),
            () => new NearestCentreOptions()),
        RegisteredConstruction.Of<BaumConstruction, BaumOptions, BaumDetails>(
            BaumConstruction.ConstructionId, (blas, _) => new BaumConstruction(blas),
            () => new BaumOptions()),
        RegisteredConstruction.Of<BubeckConstruction, BubeckOptions, BubeckDetails>(
            BubeckConstruction.ConstructionId, (blas, _) => new BubeckConstruction(blas),
            () => new BubeckOptions()),
        RegisteredConstruction.Of<VershyninConstruction, VershyninOptions, VershyninDetails>(
            VershyninConstruction.ConstructionId, (blas, progress) => new VershyninConstruction(blas, progress),
            () => new VershyninOptions { Architecture = [] }),
    ];

    /// <summary>The construction with id <paramref name="id"/>.</summary>
    /// <exception cref="MemLabException">(InvalidOptions) no construction has that id; the message lists the valid ones.</exception>
    public static RegisteredConstruction Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return All.FirstOrDefault(entry => entry.Id == id)
            ?? throw MemLabException.InvalidOptions($"Unknown construction '{id}'; valid constructions: {string.Join(", ", All.Select(e => e.Id))}.");
    }

    /// <summary>The construction that takes options of type <paramref name="optionsType"/>.</summary>
    /// <exception cref="ArgumentException">No registered construction takes that type (a programmer error).</exception>
    public static RegisteredConstruction ForOptions(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        return All.FirstOrDefault(entry => entry.OptionsType == optionsType)
            ?? throw new ArgumentException($"No registered construction takes {optionsType.Name}.", nameof(optionsType));
    }

    /// <summary>
    /// Builds, verifies and reports the network of the construction that takes <paramref name="options"/> (their type
    /// names it) on <paramref name="data"/>: the one call the tasks, <see cref="Lab"/> and the gap use.
    /// </summary>
    /// <param name="blas">The backend.</param>
    /// <param name="data">The training data, not modified.</param>
    /// <param name="options">The options; their type picks the construction.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="progress">Receives the fraction of the build done; null for none.</param>
    /// <exception cref="MemLabException">As the construction's <see cref="IConstruction.Build"/>.</exception>
    public static BuildResult Build(IBlas blas, Dataset data, ConstructionOptions options, Seed seed, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ForOptions(options.GetType()).Create(blas, progress).Build(data, options, seed);
    }
}

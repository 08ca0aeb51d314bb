using MemLab.Constructions;
using MemLab.Networks;

namespace MemLab.Experiments;

/// <summary>
/// The sweep task of one registered construction, made from its registry entry (<see cref="ConstructionRegistry"/>):
/// its id is the construction's, its parameters are the options record's (<see cref="OptionsBinder"/>, the registered
/// defaults where the grid sets none; a <c>required</c> option, such as Vershynin's <c>arch</c>, must be set by the
/// grid), and its description and metrics are those the details record states (<see cref="SweepMetrics"/>). A run
/// builds on the run's data and seed, verifies on every point, and records each metric from the details
/// (<see cref="ConstructionDetails.SweepValues"/>) or else from the report (<see cref="ReportMetrics"/>). A construction
/// whose metrics include <see cref="SweepMetrics.TestAccuracy"/> is also measured on the held-out data of
/// <see cref="HeldOutPair"/> and takes its class pair (<see cref="ClassPair"/>: first, second). A build that cannot
/// memorize for a reason of the method records memorized = 0 with the reason (<see cref="MethodFailure"/>).
/// </summary>
/// <param name="construction">The registry entry.</param>
public sealed class ConstructionTask(RegisteredConstruction construction) : ISweepTask
{
    private readonly RegisteredConstruction _construction = construction ?? throw new ArgumentNullException(nameof(construction));

    /// <inheritdoc/>
    public string Id => _construction.Id;

    /// <inheritdoc/>
    public string Description => _construction.Sweep.Description;

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => TestsOnHeldOutData
        ? [.. OptionsBinder.SweepNames(_construction.OptionsType), .. OptionsBinder.SweepNames(typeof(ClassPair))]
        : OptionsBinder.SweepNames(_construction.OptionsType);

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => _construction.Sweep.Names;

    private bool TestsOnHeldOutData => Metrics.Contains(SweepMetrics.TestAccuracy);

    /// <summary>The options of the construction taking <typeparamref name="TOptions"/> that <paramref name="parameters"/> give, as its sweep task binds them.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) a value does not parse, or a required parameter is missing.</exception>
    public static TOptions Options<TOptions>(IReadOnlyDictionary<string, string> parameters) where TOptions : ConstructionOptions =>
        (TOptions)new ConstructionTask(ConstructionRegistry.ForOptions(typeof(TOptions))).Options(parameters);

    /// <summary>The options a run's parameters give: the grid's values bound onto the registered defaults.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) the grid leaves a required parameter unset, or a value does not parse.</exception>
    public ConstructionOptions Options(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var defaults = _construction.Defaults();
        if (OptionsBinder.Describe(defaults).FirstOrDefault(p => p.Required && !parameters.ContainsKey(p.Name)) is { } missing)
            throw MemLabException.InvalidSpec($"{Id}: the grid must set \"{missing.Name}\": {missing.Description}");
        return OptionsBinder.Bind(defaults, parameters, Id);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = Options(input.Parameters);
        Dataset train = input.Data;
        Dataset? test = null;
        if (TestsOnHeldOutData)
        {
            if (HeldOutPair.Load(input, Id) is not { } data)
                return Metrics.ToDictionary(name => name, _ => (double?)null);
            (train, test) = data;
        }
        return MethodFailure.Record(Metrics, () =>
        {
            var result = _construction.Create(input.Blas).Build(train, options, input.Seed);
            var own = new Dictionary<string, double?>(result.Report.Details.SweepValues());
            if (test is not null) own[SweepMetrics.TestAccuracy] = Evaluation.Evaluate(result.Network, test, input.Blas).Accuracy;
            return ReportMetrics.Of(Metrics, result.Report, own);
        }, _construction.Sweep.KnownWhenNotMemorizable);
    }
}

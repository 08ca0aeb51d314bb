using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The sweep task of one registered construction: its id is the construction's (<see cref="ConstructionRegistry"/>), its
/// parameters are the options record's (<see cref="OptionsBinder"/>, defaults where the grid sets none), and a run
/// builds through the registry on the run's data and seed, verifies on every point, and records the metrics the
/// construction's task reads from the report and its details. A build that cannot memorize for a reason of the
/// method records memorized = 0 with the reason (<see cref="MethodFailure"/>).
/// </summary>
/// <typeparam name="TOptions">The construction's options record.</typeparam>
/// <typeparam name="TDetails">The details record of its reports.</typeparam>
public abstract class ConstructionTask<TOptions, TDetails> : ISweepTask
    where TOptions : ConstructionOptions
    where TDetails : ConstructionDetails
{
    /// <inheritdoc/>
    public string Id => ConstructionRegistry.ForOptions(typeof(TOptions)).Id;

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => OptionsBinder.SweepNames(typeof(TOptions));

    /// <inheritdoc/>
    public abstract IReadOnlyList<string> Metrics { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TOptions options = Options(input);
        return MethodFailure.Record(Metrics, () =>
        {
            var report = ConstructionRegistry.Build(input.Blas, input.Data, options, input.Seed).Report;
            return ReportMetrics.Of(Metrics, report, Measure(report, report.DetailsOf<TDetails>()));
        }, KnownWhenNotMemorizable);
    }

    /// <summary>The options of a run: the grid's values bound onto the registered defaults.</summary>
    /// <exception cref="MemLabException">A value does not parse, or a required parameter is missing.</exception>
    protected virtual TOptions Options(SweepTaskInput input) =>
        OptionsBinder.Bind((TOptions)ConstructionRegistry.ForOptions(typeof(TOptions)).Defaults(), input.Parameters, Id);

    /// <summary>
    /// The task's own metrics of a successful build: those only its details hold, and any it reads otherwise than
    /// <see cref="ReportMetrics"/> (every other name of <see cref="Metrics"/> is read from the report there).
    /// </summary>
    protected abstract Dictionary<string, double?> Measure(ConstructionReport report, TDetails details);

    /// <summary>Metrics that a build failing for a reason of the method fixes (besides memorized = 0); null for none.</summary>
    protected virtual IReadOnlyDictionary<string, double?>? KnownWhenNotMemorizable => null;
}

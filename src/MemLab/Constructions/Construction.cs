using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// What every construction shares around its own step: the id, the backend and progress sink it computes with, and
/// <see cref="Build"/>, which checks the options, runs the construction proper (<see cref="BuildNetwork"/>), verifies
/// the network in float64 on every training point and assembles the <see cref="ConstructionReport"/>. A construction
/// class supplies its id, its [Source] attribute and <see cref="BuildNetwork"/>; nothing else is written per class.
/// </summary>
/// <typeparam name="TOptions">The construction's options record.</typeparam>
/// <typeparam name="TDetails">The details record its reports carry.</typeparam>
public abstract class Construction<TOptions, TDetails> : IConstruction<TOptions>
    where TOptions : ConstructionOptions
    where TDetails : ConstructionDetails
{
    /// <summary>The fraction of a build reported once the network is constructed, before the verification.</summary>
    protected const double ConstructedFraction = 0.7;

    /// <summary>A construction with id <paramref name="id"/> that computes with <paramref name="blas"/>.</summary>
    /// <param name="id">The construction's stable id constant.</param>
    /// <param name="blas">The GEMM backend of the construction and of the verification.</param>
    /// <param name="progress">Receives the fraction of the build done; null for none.</param>
    /// <param name="classes">What the construction needs of labelled data, checked before <see cref="BuildNetwork"/>; null when it checks its data itself.</param>
    protected Construction(string id, IBlas blas, IProgress<double>? progress, ClassRequirement? classes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(blas);
        Id = id;
        Blas = blas;
        Progress = progress;
        _classes = classes;
    }

    private readonly ClassRequirement? _classes;

    /// <summary>The stable id: the <c>build</c> subcommand, the sweep task and the method in a network's provenance.</summary>
    public string Id { get; }

    /// <summary>The GEMM backend.</summary>
    protected IBlas Blas { get; }

    /// <summary>Receives the fraction of the build done; null for none.</summary>
    protected IProgress<double>? Progress { get; }

    /// <summary>Builds, verifies and reports the network (see the construction's summary and <see cref="BuildNetwork"/>).</summary>
    /// <exception cref="MemLabException">Invalid options (InvalidOptions), or data or hypotheses the construction refuses (see <see cref="BuildNetwork"/>).</exception>
    public BuildResult Build(Dataset data, TOptions options, Seed seed)
    {
        var (network, details) = Construct(data, options, seed);
        Progress?.Report(ConstructedFraction);
        VerificationReport verification = Verification.Verify(network, VerificationData(data), Blas, Tolerance(options));
        Progress?.Report(1);
        return new BuildResult(network, ConstructionReport.Of(this, Blas, verification, details));
    }

    /// <summary>
    /// <see cref="Build"/> without the final verification: the options and the class requirement checked, then the construction proper, which
    /// benchmarks time on its own.
    /// </summary>
    internal (Network Network, TDetails Details) Construct(Dataset data, TOptions options, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (_classes is not null) DatasetChecks.RequireClasses(data, _classes);
        return BuildNetwork(data, options, seed);
    }

    /// <summary>
    /// The construction proper on valid options: checks what else it needs of the data, then builds the network (with
    /// its provenance, <see cref="Provenance"/>) and the construction's own numbers.
    /// </summary>
    protected abstract (Network Network, TDetails Details) BuildNetwork(Dataset data, TOptions options, Seed seed);

    /// <summary>The data the network is verified on: the training data, unless the construction transforms its inputs first.</summary>
    protected virtual Dataset VerificationData(Dataset data) => data;

    /// <summary>The largest |f(x_i) - y_i| that counts as memorized on real targets.</summary>
    protected virtual double Tolerance(TOptions options) => Verification.DefaultTolerance;

    /// <summary>The provenance of a network this construction built from <paramref name="data"/> with these options and seed.</summary>
    protected NetworkProvenance Provenance(TOptions options, Seed seed, Dataset data) =>
        NetworkProvenance.For(Id, OptionsJson.Of(options), seed, data);
}

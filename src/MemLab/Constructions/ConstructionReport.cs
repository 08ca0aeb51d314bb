using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// How a network was constructed and whether it memorizes its training data: layer widths, parameter count,
/// the float64 <see cref="VerificationReport"/> over every training point, the source publication, the backend,
/// and the construction's own numbers in <see cref="Details"/>. Pure data: the build time is measured by the caller.
/// </summary>
public sealed record ConstructionReport
{
    /// <summary>The construction's stable id, e.g. "finke".</summary>
    public required string ConstructionId { get; init; }

    /// <summary>The publication and algorithm implemented (from the construction's <see cref="SourceAttribute"/>).</summary>
    public required string Source { get; init; }

    /// <summary>The linear-algebra backend used, as <c>IBlas.Describe()</c> reports it.</summary>
    public required string Backend { get; init; }

    /// <summary>The number of units in each layer, first hidden layer to output layer (<see cref="VerificationReport.Widths"/>).</summary>
    public IReadOnlyList<int> Widths => Verification.Widths;

    /// <summary>Every weight and every bias, output layer included (<see cref="VerificationReport.ParameterCount"/>).</summary>
    public long ParameterCount => Verification.ParameterCount;

    /// <summary>The float64 check on every training point: memorized or not, failures, margin.</summary>
    public required VerificationReport Verification { get; init; }

    /// <summary>Numbers specific to the construction (for example pruned widths and uncoverable points).</summary>
    public required ConstructionDetails Details { get; init; }

    /// <summary><see cref="Details"/> as the details record of the construction that made the report.</summary>
    /// <typeparam name="TDetails">The construction's details record (<see cref="RegisteredConstruction.DetailsType"/>).</typeparam>
    /// <exception cref="InvalidOperationException">The report comes from another construction (a programmer error); the message names both.</exception>
    public TDetails DetailsOf<TDetails>() where TDetails : ConstructionDetails =>
        Details as TDetails ?? throw new InvalidOperationException(
            $"The report of construction '{ConstructionId}' carries {Details.GetType().Name}, not {typeof(TDetails).Name}.");

    /// <summary>
    /// The report on the network that <paramref name="construction"/> built on <paramref name="blas"/> and
    /// <paramref name="verification"/> checked: the id, the source (from the class's <see cref="SourceAttribute"/>) and
    /// the backend come from them, the sizes from the verification, so every construction assembles its report the same way.
    /// </summary>
    /// <exception cref="ArgumentException">The construction's class has no <see cref="SourceAttribute"/> (a programmer error).</exception>
    public static ConstructionReport Of(IConstruction construction, IBlas blas, VerificationReport verification,
        ConstructionDetails details)
    {
        ArgumentNullException.ThrowIfNull(construction);
        ArgumentNullException.ThrowIfNull(blas);
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(details);
        return new ConstructionReport
        {
            ConstructionId = construction.Id,
            Source = SourceAttribute.Describe(construction.GetType()),
            Backend = blas.Describe(),
            Verification = verification,
            Details = details,
        };
    }

    /// <summary>True when the network reproduces every training label (<see cref="VerificationReport.Memorized"/>).</summary>
    public bool Memorized => Verification.Memorized;
}

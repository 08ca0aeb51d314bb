using MemLab.Experiments;

namespace MemLab.Store;

/// <summary>One finished run of a sweep, as stored.</summary>
/// <param name="Cell">The grid cell.</param>
/// <param name="Repetition">The repetition within the cell.</param>
/// <param name="Seed">The run seed (replaying the run needs only the spec and this seed's cell and repetition).</param>
/// <param name="Status">Whether the task returned or threw.</param>
/// <param name="Message">The error message of a failed run; for a successful one, the reason it did not memorize when that was a limit of the method (<see cref="MethodFailure"/>), else null.</param>
/// <param name="Metrics">The recorded metrics in the spec's order (null where a metric does not exist for the data); empty for a failed run.</param>
/// <param name="Started">When the run started (UTC).</param>
/// <param name="DurationMilliseconds">How long the run took, data loading included.</param>
/// <param name="MemlabVersion">The memlab version that ran it.</param>
/// <param name="Machine">The machine, operating system, runtime and BLAS backend (<c>IBlas.Describe()</c>) that ran it.</param>
public sealed record RunRecord(
    SweepCell Cell,
    int Repetition,
    Seed Seed,
    RunStatus Status,
    string? Message,
    IReadOnlyDictionary<string, double?> Metrics,
    DateTimeOffset Started,
    double DurationMilliseconds,
    string MemlabVersion,
    string Machine)
{
    /// <summary>The run's key in its sweep.</summary>
    public RunKey Key => new(Cell.Index, Repetition);
}

using System.Collections.ObjectModel;

namespace MemLab.Experiments;

/// <summary>The metrics of a run that did not memorize for a reason of the method (<see cref="MethodFailure"/>), with that reason.</summary>
/// <param name="values">The metrics: memorized = 0, the rest null or known.</param>
/// <param name="reason">The construction's message saying why it could not memorize.</param>
public sealed class NotMemorizedMetrics(IDictionary<string, double?> values, string reason) : ReadOnlyDictionary<string, double?>(values)
{
    /// <summary>Why the construction could not memorize the data.</summary>
    public string Reason { get; } = reason;
}

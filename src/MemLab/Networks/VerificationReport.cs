using System.Text.Json.Serialization;

namespace MemLab.Networks;

/// <summary>
/// The outcome of <see cref="Verification.Verify"/>: whether the network reproduces every training point
/// exactly (evaluated in float64), which points fail, and the numbers docs/algorithms.md section 0 asks every
/// construction to report: smallest threshold margin, largest |weight|, parameter count. Plain data that
/// serializes with System.Text.Json (the CLI prints it with snake_case names).
/// </summary>
public sealed record VerificationReport
{
    /// <summary>True when no point fails: every predicted class equals its label, or every |f(x_i) - y_i| is within <see cref="Tolerance"/>.</summary>
    public bool Memorized => FailureIndices.Count == 0;

    /// <summary>N, the number of points evaluated (all of them).</summary>
    public required int SampleCount { get; init; }

    /// <summary>The number of points that fail.</summary>
    public int FailureCount => FailureIndices.Count;

    /// <summary>Every failing point's index, ascending.</summary>
    public required IReadOnlyList<int> FailureIndices { get; init; }

    /// <summary>
    /// Classification: points with no unique largest output (a tie, or a NaN output from float64 overflow),
    /// each also counted as a failure; 0 for real targets.
    /// </summary>
    public required int TieCount { get; init; }

    /// <summary>Real targets: max_i |f(x_i) - y_i|, +Infinity when an output overflowed; null for classification.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public required double? MaxError { get; init; }

    /// <summary>Real targets: the largest |f(x_i) - y_i| that counts as memorized; null for classification.</summary>
    public required double? Tolerance { get; init; }

    /// <summary>
    /// The smallest |pre-activation| / scale over every threshold unit (and a Sign output unit) and every
    /// point, with where it occurred; null when the network has no such unit.
    /// </summary>
    public required ThresholdMargin? MinThresholdMargin { get; init; }

    /// <summary>The largest |value| over all weights and biases.</summary>
    public required double MaxAbsWeight { get; init; }

    /// <summary>Every weight and every bias, output layer included.</summary>
    public required long ParameterCount { get; init; }

    /// <summary>
    /// The weights and biases that are not exactly 0. Layers are stored dense, so a construction whose units each read
    /// only a few inputs (the nearest-centre max-tree) stores far more parameters than it uses; this counts the used ones.
    /// </summary>
    public required long NonzeroParameterCount { get; init; }

    /// <summary>The number of units in each layer, first hidden layer to output layer.</summary>
    public required IReadOnlyList<int> Widths { get; init; }
}

using System.ComponentModel;
using System.Globalization;

namespace MemLab.Constructions;

/// <summary>
/// Options for <see cref="VershyninConstruction"/> (Vershynin 2020, "Memory capacity of neural networks with threshold
/// and ReLU activations"; docs/algorithms.md section 2).
/// </summary>
public sealed record VershyninOptions : ConstructionOptions
{
    /// <summary>The number of active units a sparse threshold stage aims for: its default sparsity at width m is min(1/2, 50/m).</summary>
    public const int ActiveUnits = 50;

    /// <summary>
    /// The smallest default sparsity of a ReLU stage: its default is min(1/2, max(0.15, 50/m)). A ReLU code weights its
    /// active units by their overshoot (roughly exponential), so very sparse ReLU codes have too few effective units. Measured
    /// on 2,000 separated points in d = 32 with m1 = m2 = 1000 (mixed): p = 0.05 left 95 to 118 points unmemorized, 0.1 left
    /// 9, 0.15 and 0.2 memorized all; on 300 points in d = 16 with m = 600, 0.33 left 1 or 2 and 0.15 memorized all.
    /// </summary>
    public const double ReluSparsity = 0.15;

    /// <summary>
    /// The layer sizes d, m1, m2, ..., mL, 1: the input dimension, at least three hidden layers (enrichment I,
    /// enrichment II, then perception layers) and one output unit. Required.
    /// </summary>
    [ParameterName("arch")]
    [Description("Layer sizes d,m1,m2,...,mL,1 with L >= 3 hidden layers: enrichment I, enrichment II, then perception layers (stacked when L > 3).")]
    public required IReadOnlyList<int> Architecture { get; init; }

    /// <summary>Threshold (default), Relu or Mixed (see <see cref="VershyninActivation"/>).</summary>
    [Description("threshold: threshold units everywhere; relu: ReLU hidden layers; mixed: ReLU enrichment layers, threshold perception.")]
    public VershyninActivation Activation { get; init; } = VershyninActivation.Threshold;

    /// <summary>
    /// p1, the fraction of enrichment-I units a point turns on (bias Q^-1(p1)). Default null: min(1/2, 50/m1), so a
    /// code has about 50 active units (docs/algorithms.md: close points need small p, and width &gt;= ~50/p); 200/m1 for ReLU
    /// stages max(0.15, 50/m1) (<see cref="ReluSparsity"/>). In (0, 1/2].
    /// </summary>
    [ParameterName("p1")]
    [Description("Enrichment-I sparsity in (0, 1/2]. Default min(1/2, 50/m1) for threshold, min(1/2, max(0.15, 50/m1)) for ReLU stages.")]
    public double? Sparsity1 { get; init; }

    /// <summary>
    /// p2, the sparsity of enrichment II and of any re-enrichment in a narrow deep layer. Default null: min(1/2, 50/m)
    /// for a threshold stage of width m, min(1/2, max(0.15, 50/m)) for a ReLU stage. In (0, 1/2].
    /// </summary>
    [ParameterName("p2")]
    [Description("Enrichment-II (and re-enrichment) sparsity in (0, 1/2]. Default min(1/2, 50/m) per threshold stage, min(1/2, max(0.15, 50/m)) per ReLU stage.")]
    public double? Sparsity2 { get; init; }

    /// <summary>
    /// The largest number of points a mirror-perceptron pair memorizes (its batch). Default null: every pair is used
    /// and the positive points are spread over them as evenly as the layers' connections allow. At least 1.
    /// </summary>
    [ParameterName("batch")]
    [Description("Largest batch per mirror-perceptron pair (>= 1). Default: spread the points over every pair.")]
    public int? BatchSize { get; init; }

    /// <summary>
    /// How many Rademacher sign vectors a batch may draw: when a pair's batch does not separate from the other class,
    /// new signs are drawn (the proof only shows that good signs exist with positive probability) and the draw with the
    /// largest margin is kept. Default 8. At least 1 (1: the paper's single draw).
    /// </summary>
    [Description("Sign vectors a batch may draw when it does not separate from the other class (>= 1; 1 = the paper's single draw).")]
    public int SignDraws { get; init; } = 8;

    /// <summary>The hidden layer widths m1 .. mL.</summary>
    public IReadOnlyList<int> HiddenWidths => Architecture.Skip(1).Take(Architecture.Count - 2).ToList();

    /// <summary>
    /// W, the deep connections: the weights from the second hidden layer on, m2 m3 + m3 m4 + ... + mL * 1 (the paper
    /// counts neither the first layer d m1 nor the second m1 m2, which only enrich the data).
    /// </summary>
    public long DeepConnections
    {
        get
        {
            long total = 0;
            for (int i = 2; i + 1 < Architecture.Count; i++) total += (long)Architecture[i] * Architecture[i + 1];
            return total;
        }
    }

    /// <summary>Parses an architecture written as comma-separated widths, e.g. "32,1000,1000,400,1".</summary>
    /// <exception cref="MemLabException">(InvalidOptions) an entry is not a whole number.</exception>
    public static IReadOnlyList<int> ParseArchitecture(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var widths = new List<int>();
        foreach (string part in text.Split(','))
            widths.Add(int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int width)
                ? width
                : throw MemLabException.InvalidOptions(
                    $"The architecture '{text}' has '{part.Trim()}', which is not a whole number. Write the widths d,m1,...,mL,1 separated by commas, e.g. 32,1000,1000,400,1."));
        return widths;
    }

    /// <summary>The given sparsity, or the default of a stage of <paramref name="width"/> units with <paramref name="activation"/>.</summary>
    internal static double Sparsity(double? given, int width, Activation activation) =>
        given ?? Math.Min(0.5, activation == MemLab.Activation.Relu ? Math.Max(ReluSparsity, (double)ActiveUnits / width) : (double)ActiveUnits / width);

    /// <inheritdoc/>
    public override IEnumerable<string> Problems()
    {
        if (Architecture is null || Architecture.Count < 5)
            yield return $"Architecture must list d, at least three hidden widths and the output width 1 (e.g. 32,1000,1000,400,1); got {Describe(Architecture)}.";
        else
        {
            if (Architecture.Any(w => w < 1))
                yield return $"Every width in the architecture must be >= 1; got {Describe(Architecture)}.";
            if (Architecture[^1] != 1)
                yield return $"The architecture must end in one output unit (the OR of the memorizing units); got {Describe(Architecture)}. End it with ,1.";
        }
        if (!Enum.IsDefined(Activation))
            yield return $"Activation must be Threshold, Relu or Mixed; got {Activation}.";
        foreach (var (name, value) in new[] { ("Sparsity1 (p1)", Sparsity1), ("Sparsity2 (p2)", Sparsity2) })
            if (value is { } p && !(p > 0 && p <= 0.5))
                yield return $"{name} must be in (0, 1/2]; got {p.ToString(CultureInfo.InvariantCulture)}. Leave it unset for min(1/2, {ActiveUnits}/width).";
        if (SignDraws < 1)
            yield return $"SignDraws must be >= 1; got {SignDraws}. Pass 1 for a single draw of signs per batch.";
        if (BatchSize is < 1)
            yield return $"BatchSize must be >= 1; got {BatchSize}. Leave it unset to spread the points over every pair.";
    }

    private static string Describe(IReadOnlyList<int>? architecture) =>
        architecture is null ? "none" : architecture.Count == 0 ? "an empty list" : string.Join(",", architecture);
}

using System.Globalization;
using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The "finke" task: builds the Dirksen–Finke–Genzel network (<see cref="FinkeConstruction"/>) for the run's data
/// and seed, verifies it on every point, and records whether it memorizes and how wide the pruned layer is. A
/// sweep's mean of <c>memorized</c> is the interpolation probability of the paper's figures. Parameters not set by
/// the grid take the <see cref="FinkeOptions"/> defaults.
/// </summary>
public sealed class FinkeTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => "finke";

    /// <inheritdoc/>
    public string Description => "Dirksen-Finke-Genzel construction: memorized (0/1), pruned width, parameters, failures, uncoverable points, smallest margin.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => ["width", "lambda", "activation", "cover", "reach"];

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => ["memorized", "pruned_width", "parameters", "failures", "uncoverable", "min_margin"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var defaults = new FinkeOptions();
        var options = new FinkeOptions
        {
            Width = Parameter(input, "width", defaults.Width, text =>
                int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null),
            Lambda = Parameter(input, "lambda", defaults.Lambda, text =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null),
            Activation = Parameter(input, "activation", defaults.Activation, EnumValue<Activation>),
            Cover = Parameter(input, "cover", defaults.Cover, EnumValue<Cover>),
            Reach = Parameter(input, "reach", defaults.Reach, text => EnumValue<CoverReach>(text)),
        };
        var report = new FinkeConstruction(input.Blas).Build(input.Data, options, input.Seed).Report;
        var details = (FinkeDetails)report.Details;
        return new Dictionary<string, double?>
        {
            ["memorized"] = report.Memorized ? 1 : 0,
            ["pruned_width"] = details.PrunedWidth,
            ["parameters"] = report.ParameterCount,
            ["failures"] = report.Verification.FailureCount,
            ["uncoverable"] = details.UncoverableIndices.Count,
            ["min_margin"] = report.Verification.MinThresholdMargin?.Value,
        };
    }

    /// <summary>The grid's value of <paramref name="name"/>, or the default when the grid does not set it.</summary>
    /// <exception cref="MemLabException">The value does not parse.</exception>
    private static T Parameter<T>(SweepTaskInput input, string name, T defaultValue, Func<string, T?> parse) where T : struct
    {
        if (!input.Parameters.TryGetValue(name, out string? text)) return defaultValue;
        return parse(text.Trim()) ?? throw MemLabException.InvalidSpec(
            $"finke: {name}={text} is not valid; see 'memlab build finke --help' for the values {name} takes.");
    }

    private static T? Parameter<T>(SweepTaskInput input, string name, T? defaultValue, Func<string, T?> parse) where T : struct =>
        input.Parameters.ContainsKey(name) ? Parameter<T>(input, name, default, parse) : defaultValue;

    private static T? EnumValue<T>(string text) where T : struct, Enum =>
        !text.Any(char.IsAsciiDigit) && Enum.TryParse(text, ignoreCase: true, out T value) && Enum.IsDefined(value) ? value : null;
}

using System.Globalization;
using MemLab.Data;
using MemLab.Networks;
using MemLab.Training;

namespace MemLab.Experiments;

/// <summary>
/// The "train" task: trains a dense ReLU network by gradient descent (<see cref="Trainer"/>) on the run's data and seed
/// and records whether and how fast it memorizes. When the run's data spec holds out a test part (<c>holdout=F</c>), the
/// network is also evaluated on that part. Parameters not set by the grid take the <see cref="TrainOptions"/> defaults;
/// <c>hidden</c> lists widths separated by 'x' (for example 160x64).
/// </summary>
public sealed class TrainTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => "train";

    /// <inheritdoc/>
    public string Description => "Gradient-descent training: memorized (0/1, float32), steps to memorize, final loss, training and test accuracy, float64 verification, seconds.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters =>
        ["hidden", "optimizer", "lr", "loss", "init", "init_scale", "steps", "batch", "momentum", "dropout", "weight_decay"];

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics =>
        ["memorized", "steps_to_memorize", "steps", "final_loss", "train_accuracy", "test_accuracy", "verified", "seconds"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = Options(input.Parameters);
        var result = new Trainer(input.Blas).Train(input.Data, options, input.Seed);
        double? finalLoss = double.IsFinite(result.FinalLoss) ? result.FinalLoss : null;
        return new Dictionary<string, double?>
        {
            ["memorized"] = result.Memorized ? 1 : 0,
            ["steps_to_memorize"] = result.FirstMemorizedStep,
            ["steps"] = result.Steps,
            ["final_loss"] = finalLoss,
            ["train_accuracy"] = double.IsFinite(result.TrainAccuracy) ? result.TrainAccuracy : null,
            ["test_accuracy"] = result.Network is null ? null : TestAccuracy(input, result.Network),
            ["verified"] = result.Verification is null ? null : result.Verification.Memorized ? 1 : 0,
            ["seconds"] = result.Seconds,
        };
    }

    /// <summary>The recipe a grid cell's parameters give, defaults elsewhere.</summary>
    /// <exception cref="MemLabException">A value does not parse.</exception>
    public static TrainOptions Options(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var defaults = new TrainOptions();
        string? Get(string name) => parameters.TryGetValue(name, out string? text) ? text.Trim() : null;
        return new TrainOptions
        {
            Hidden = Get("hidden") is { } hidden ? Widths(hidden) : defaults.Hidden,
            Optimizer = Get("optimizer") is { } optimizer ? Word<Optimizer>("optimizer", optimizer) : defaults.Optimizer,
            LearningRate = Get("lr") is { } rate ? Number("lr", rate) : defaults.LearningRate,
            Loss = Get("loss") is { } loss ? Word<Loss>("loss", loss) : defaults.Loss,
            Initialization = Get("init") is { } init ? Word<Initialization>("init", init) : defaults.Initialization,
            InitScale = Get("init_scale") is { } scale ? Number("init_scale", scale) : defaults.InitScale,
            Steps = Get("steps") is { } steps ? Whole("steps", steps) : defaults.Steps,
            BatchSize = Get("batch") is { } batch ? Whole("batch", batch) : defaults.BatchSize,
            Momentum = Get("momentum") is { } momentum ? Number("momentum", momentum) : defaults.Momentum,
            Dropout = Get("dropout") is { } dropout ? Number("dropout", dropout) : defaults.Dropout,
            WeightDecay = Get("weight_decay") is { } decay ? Number("weight_decay", decay) : defaults.WeightDecay,
        };
    }

    /// <summary>Accuracy (float64) on the held-out part of the run's data spec; null when the spec holds nothing out.</summary>
    private static double? TestAccuracy(SweepTaskInput input, Network network)
    {
        if (input.DataContext is null || input.Data.Provenance.Spec is not { } text || !text.Contains(':', StringComparison.Ordinal))
            return null;
        var spec = DataSpec.Parse(text);
        if (!spec.Entries.Any(e => e.Key == "holdout")) return null;
        var entries = spec.Entries.Where(e => e.Key != "part").Select(e => $"{e.Key}={e.Value}").Append("part=test");
        var test = DatasetLoader.Load($"{spec.Source}:{string.Join(",", entries)}", input.DataContext);
        var report = Verification.Verify(network, test, input.Blas);
        return 1 - (double)report.FailureCount / report.SampleCount;
    }

    private static int[] Widths(string text)
    {
        var parts = text.Split('x', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]))
                throw Invalid("hidden", text, "hidden widths separated by 'x', for example 160 or 160x64");
        return widths;
    }

    private static double Number(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : throw Invalid(name, text, "a number");

    private static int Whole(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw Invalid(name, text, "a whole number");

    private static T Word<T>(string name, string text) where T : struct, Enum =>
        !text.Any(char.IsAsciiDigit) && Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out T value) && Enum.IsDefined(value)
            ? value
            : throw Invalid(name, text, string.Join(", ", Enum.GetNames<T>().Select(n => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(n))));

    private static MemLabException Invalid(string name, string text, string expected) =>
        MemLabException.InvalidSpec($"train: {name}={text} is not valid; expected {expected}.");
}

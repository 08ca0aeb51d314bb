using MemLab.Data;
using MemLab.Networks;
using MemLab.Training;

namespace MemLab.Experiments;

/// <summary>
/// The "train" task: trains a dense ReLU network by gradient descent (<see cref="Trainer"/>) on the run's data and seed
/// and records whether and how fast it memorizes. When the run's data spec holds out a test part (<c>holdout=F</c>), the
/// network is also evaluated on that part. The parameters are the recipe's, bound by <see cref="OptionsBinder"/> under
/// the names <c>memlab train</c> takes (<c>lr</c>, <c>init</c>, <c>batch</c>, <c>time_limit</c>, the others after their
/// property); those the grid does not set take the <see cref="TrainOptions"/> defaults; <c>hidden</c> lists widths
/// separated by 'x' or commas (for example 160x64). <c>epochs_to_memorize</c> is
/// <c>steps_to_memorize</c> in passes over the data (ceil(N / batch) steps each; the same number for full batch); with
/// minibatches memorization is checked once per epoch, so it is a whole number then. On data with real targets
/// (<c>loss=square</c>), memorized means every |f(x) - y| within <c>tolerance</c> (default 1e-3 times the range of the
/// targets); <c>max_error</c> and <c>tolerance</c> record the float64 verification's largest error and the tolerance used
/// (both null for class labels).
/// </summary>
public sealed class TrainTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => "train";

    /// <inheritdoc/>
    public string Description => "Gradient-descent training: memorized (0/1, float32), steps and epochs to memorize, final loss, training and test accuracy, float64 verification, seconds; on real targets the max error and tolerance.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => RecipeParameters;

    /// <summary>The recipe's parameters: those of <see cref="TrainOptions"/>, as <see cref="OptionsBinder"/> names them (the names <c>memlab train</c> takes in kebab-case).</summary>
    public static IReadOnlyList<string> RecipeParameters { get; } = OptionsBinder.SweepNames(typeof(TrainOptions));

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics =>
        ["memorized", "steps_to_memorize", "steps", "final_loss", "train_accuracy", "test_accuracy", "verified", "seconds", "epochs_to_memorize",
         "max_error", "tolerance"];

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
            ["epochs_to_memorize"] = result.FirstMemorizedStep / StepsPerEpoch(input.Data.SampleCount, result.BatchSize),
            ["max_error"] = result.Verification?.MaxError,
            ["tolerance"] = result.Tolerance,
        };
    }

    /// <summary>The recipe a grid cell's parameters give, defaults elsewhere (other parameters are left for the task).</summary>
    /// <exception cref="MemLabException">A value does not parse.</exception>
    public static TrainOptions Options(IReadOnlyDictionary<string, string> parameters) =>
        OptionsBinder.Bind(new TrainOptions(), parameters, Trainer.Id);

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

    /// <summary>Steps in one pass over <paramref name="sampleCount"/> points: ceil(N / batch), the last batch of an epoch being short.</summary>
    private static double StepsPerEpoch(int sampleCount, int batchSize) => (sampleCount + batchSize - 1) / batchSize;
}

using MemLab.Constructions;
using MemLab.Networks;

namespace MemLab.Experiments;

/// <summary>
/// The "compare" task: trains one model, named by the grid parameter <c>model</c>, on the run's training data and
/// measures its accuracy on the held-out data (<see cref="HeldOutPair"/>, so <c>first</c> and <c>second</c> pick a
/// pair of classes and mirrored cells are empty). Models: nearest-centre (the Yu-Gao-Zhang-Miao network, with the
/// grid's nearest-centre parameters such as <c>radius</c> and <c>radius_fraction</c>), yun, bubeck and finke (with the
/// grid's finke parameters named with <c>finke_</c> before them, such as <c>finke_width</c> and <c>finke_lambda</c>),
/// each verified on every training point, and 1nn, the 1-nearest-neighbour classifier (<see cref="NearestNeighbour"/>),
/// whose parameters are the stored training coordinates and which has no width. Its grid over model and a few pairs
/// is the <c>yu-compare</c> table of M1 = nearest-centre against M2 = yun and M3 = bubeck.
/// </summary>
public sealed class CompareTask : ISweepTask
{
    /// <summary>The model values, in the order the task documents them.</summary>
    public static IReadOnlyList<string> Models { get; } =
    [
        NearestCentreConstruction.ConstructionId, YunConstruction.ConstructionId, BubeckConstruction.ConstructionId,
        FinkeConstruction.ConstructionId, NearestNeighbourModel,
    ];

    /// <summary>The model value of the 1-nearest-neighbour classifier, the one model that is not a construction.</summary>
    public const string NearestNeighbourModel = "1nn";

    /// <inheritdoc/>
    public string Id => "compare";

    /// <inheritdoc/>
    public string Description =>
        "Held-out accuracy of one model (nearest-centre, yun, bubeck, finke or 1nn) trained on the run's data or a pair of its classes: test accuracy, memorized (0/1), parameters, widest layer, failures.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters =>
    [
        OptionsBinder.SweepName<TaskChoice>(nameof(TaskChoice.Model)), .. OptionsBinder.SweepNames(typeof(ClassPair)), .. OptionsBinder.SweepNames(typeof(NearestCentreOptions)),
        .. OptionsBinder.SweepNames(typeof(FinkeOptions)).Select(name => FinkePrefix + name),
    ];

    /// <summary>What the finke parameters carry before their names, so <c>finke_width</c> is finke's width and not another model's.</summary>
    private const string FinkePrefix = "finke_";

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => ["test_accuracy", "memorized", "parameters", "width", "failures"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string model = OptionsBinder.Bind(new TaskChoice(), input.Parameters, Id).Required(Id, nameof(TaskChoice.Model));
        if (HeldOutPair.Load(input, Id) is not { } data)
            return Metrics.ToDictionary(metric => metric, _ => (double?)null);
        var (train, test) = data;
        if (model == NearestNeighbourModel)
            return new Dictionary<string, double?>
            {
                ["test_accuracy"] = NearestNeighbour.Accuracy(train, test, input.Blas),
                ["memorized"] = null,
                ["parameters"] = (double)train.SampleCount * train.FeatureCount,
                ["width"] = null,
                ["failures"] = null,
            };
        ConstructionOptions options = model switch
        {
            NearestCentreConstruction.ConstructionId => ConstructionTask.Options<NearestCentreOptions>(input.Parameters),
            YunConstruction.ConstructionId => new YunOptions(),
            BubeckConstruction.ConstructionId => new BubeckOptions(),
            _ => OptionsBinder.Bind(new FinkeOptions(), input.Parameters, FinkeConstruction.ConstructionId, FinkePrefix),
        };
        return MethodFailure.Record(Metrics, () =>
        {
            BuildResult result = ConstructionRegistry.Build(input.Blas, train, options, input.Seed);
            var report = result.Report;
            return new Dictionary<string, double?>
            {
                ["test_accuracy"] = Evaluation.Evaluate(result.Network, test, input.Blas).Accuracy,
                ["memorized"] = report.Memorized ? 1 : 0,
                ["parameters"] = report.ParameterCount,
                ["width"] = report.Widths.Max(),
                ["failures"] = report.Verification.FailureCount,
            };
        });
    }
}

using MemLab.Constructions;
using MemLab.Networks;

namespace MemLab.Experiments;

/// <summary>
/// The "nearest-centre" task: builds the Yu-Gao-Zhang-Miao network (<see cref="NearestCentreConstruction"/>) on the
/// run's data, verifies it on every training point, and measures its accuracy on held-out data. The test data is the
/// training spec's held-out counterpart (<see cref="Data.HeldOutSpec"/>: split=train becomes split=test, part=train becomes
/// part=test), loaded the way the training data was. With the parameters <c>first</c> and <c>second</c> (class names
/// or indices) a run keeps only that pair of classes in both sets, relabelled 0 and 1, so a grid over both gives the
/// paper's pair table and a heatmap; cells with first &gt;= second are left empty (every metric null), so each unordered
/// pair runs once. Parameters not set by the grid take the <see cref="NearestCentreOptions"/> defaults; <c>radius</c> is
/// auto, adaptive or a number.
/// </summary>
public sealed class NearestCentreTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => NearestCentreConstruction.ConstructionId;

    /// <inheritdoc/>
    public string Description => "Yu-Gao-Zhang-Miao nearest-centre network: memorized (0/1), held-out test accuracy, centres, parameters, widest layer, depth, delta.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => [.. OptionsBinder.SweepNames(typeof(NearestCentreOptions)), .. OptionsBinder.SweepNames(typeof(ClassPair))];

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => ["memorized", "test_accuracy", "centres", "parameters", "width", "depth", "delta", "failures"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = Options(input.Parameters);
        if (HeldOutPair.Load(input, Id) is not { } data)
            return Metrics.ToDictionary(name => name, _ => (double?)null);
        var (train, test) = data;
        return MethodFailure.Record(Metrics, () =>
        {
            var report = ConstructionRegistry.Build(input.Blas, train, options, input.Seed);
            var details = report.Report.DetailsOf<NearestCentreDetails>();
            var evaluation = Evaluation.Evaluate(report.Network, test, input.Blas);
            return new Dictionary<string, double?>
            {
                ["memorized"] = report.Report.Memorized ? 1 : 0,
                ["test_accuracy"] = evaluation.Accuracy,
                ["centres"] = details.CentreCount,
                ["parameters"] = report.Report.ParameterCount,
                ["width"] = report.Report.Widths.Max(),
                ["depth"] = details.Depth,
                ["delta"] = details.ClassSeparation,
                ["failures"] = report.Report.Verification.FailureCount,
            };
        });
    }

    /// <summary>The nearest-centre options a grid sets (radius, radius_fraction, order, max_parameters), the defaults elsewhere.</summary>
    /// <exception cref="MemLabException">A value does not parse.</exception>
    internal static NearestCentreOptions Options(IReadOnlyDictionary<string, string> parameters) =>
        OptionsBinder.Bind(new NearestCentreOptions(), parameters, NearestCentreConstruction.ConstructionId);
}

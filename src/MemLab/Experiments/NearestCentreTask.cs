using System.Globalization;
using MemLab.Constructions;
using MemLab.Data;
using MemLab.Networks;

namespace MemLab.Experiments;

/// <summary>
/// The "nearest-centre" task: builds the Yu-Gao-Zhang-Miao network (<see cref="NearestCentreConstruction"/>) on the
/// run's data, verifies it on every training point, and measures its accuracy on held-out data. The test data is the
/// training spec's held-out counterpart (<see cref="HeldOutSpec"/>: split=train becomes split=test, part=train becomes
/// part=test), loaded the way the training data was. With the parameters <c>first</c> and <c>second</c> (class names
/// or indices) a run keeps only that pair of classes in both sets, relabelled 0 and 1, so a grid over both gives the
/// paper's pair table and a heatmap; cells with first &gt;= second are left empty (every metric null), so each unordered
/// pair runs once. Parameters not set by the grid take the <see cref="NearestCentreOptions"/> defaults; <c>radius</c> is
/// auto, adaptive or a number.
/// </summary>
public sealed class NearestCentreTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => "nearest-centre";

    /// <inheritdoc/>
    public string Description => "Yu-Gao-Zhang-Miao nearest-centre network: memorized (0/1), held-out test accuracy, centres, parameters, widest layer, depth, delta.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters => ["radius", "fraction", "order", "first", "second"];

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => ["memorized", "test_accuracy", "centres", "parameters", "width", "depth", "delta", "failures"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = Options(input.Parameters);
        Dataset train = input.Data;
        string testSpec = HeldOutSpec.For(train.Provenance.Spec);
        bool pair = input.Parameters.ContainsKey("first") || input.Parameters.ContainsKey("second");
        string[] classes = [];
        if (pair)
        {
            if (!input.Parameters.TryGetValue("first", out string? first) || !input.Parameters.TryGetValue("second", out string? second))
                throw MemLabException.InvalidSpec("nearest-centre: a pair needs both parameters first and second (class names or indices); set both in the grid.");
            int[] indices = Subsets.ResolveClasses(train, [first.Trim(), second.Trim()]);
            if (indices[0] >= indices[1])
                return Metrics.ToDictionary(name => name, _ => (double?)null);
            classes = [first.Trim(), second.Trim()];
            train = Subsets.SelectClasses(train, indices);
        }
        var context = input.DataContext ?? throw MemLabException.InvalidOptions(
            "nearest-centre: the task loads held-out data but the run gives it no data context; run it through a sweep.");
        Dataset test = DatasetLoader.Load(testSpec, context);
        if (pair) test = Subsets.SelectClasses(test, Subsets.ResolveClasses(test, classes));

        var report = new NearestCentreConstruction(input.Blas).Build(train, options, input.Seed);
        var details = (NearestCentreDetails)report.Report.Details;
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
    }

    private static NearestCentreOptions Options(IReadOnlyDictionary<string, string> parameters)
    {
        var options = new NearestCentreOptions();
        if (parameters.TryGetValue("radius", out string? radius)) options = options.WithRadius(radius);
        if (parameters.TryGetValue("fraction", out string? fraction))
            options = options with
            {
                Fraction = double.TryParse(fraction.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                    ? value
                    : throw MemLabException.InvalidSpec($"nearest-centre: fraction={fraction} is not a number; give a fraction in [0, 1) such as 0.5."),
            };
        if (parameters.TryGetValue("order", out string? order))
            options = options with
            {
                Order = !order.Any(char.IsAsciiDigit) && Enum.TryParse(order.Trim(), ignoreCase: true, out CentreOrder value) && Enum.IsDefined(value)
                    ? value
                    : throw MemLabException.InvalidSpec($"nearest-centre: order={order} is not valid; give data or shuffled."),
            };
        return options;
    }
}

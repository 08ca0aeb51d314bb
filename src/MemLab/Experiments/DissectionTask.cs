using MemLab.Data;
using MemLab.Probes;
using MemLab.Training;

namespace MemLab.Experiments;

/// <summary>
/// The "dissection" task (Gu and Tresp 2019, "Neural network memorization dissection"; docs/algorithms.md section 7): one
/// entry of the linear-CKA matrix between 2S networks with one ReLU hidden layer, trained on the run's data: networks
/// 0 .. S-1 on its labels, networks S .. 2S-1 on uniformly random labels in as many classes (one random labelling
/// shared by all of them). A run trains networks <c>first</c> and <c>second</c> and returns the CKA of their hidden
/// layers on the training points, so a grid over both indices fills the matrix, which the report draws as a heatmap
/// (<see cref="Reporting.Dissection"/> adds the mean within-true, within-random and across similarities). Network i's
/// seed comes from the data seed and i alone, not from the cell, so it is the same network in every cell it appears in
/// (the price: each cell retrains its two networks; no state is shared between runs). The networks' recipe is the
/// train task's (<see cref="TrainTask.RecipeParameters"/>, bound by <see cref="OptionsBinder"/>) with one hidden layer
/// of <see cref="DefaultHidden"/> units and <see cref="DefaultSteps"/> steps unless the grid says otherwise; <c>width</c>,
/// the earlier name of <c>hidden</c> here, is still read (<see cref="EarlierNames"/>). <c>seeds</c>, <c>first</c> and
/// <c>second</c> are the <see cref="DissectionTaskOptions"/> parameters, bound the same way.
/// </summary>
public sealed class DissectionTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => "dissection";

    /// <inheritdoc/>
    public string Description => "Linear CKA between the hidden layers of networks first and second of 2S (S on true labels, S on random labels): cka, which are random-label networks, their training accuracy.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters { get; } = [.. OptionsBinder.SweepNames(typeof(DissectionTaskOptions)), .. TrainTask.RecipeParameters, .. EarlierNames.Keys];

    /// <summary>Parameters this task once took under another name, still read as the current one: earlier name to current name.</summary>
    public static IReadOnlyDictionary<string, string> EarlierNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal) { ["width"] = "hidden" };

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics => ["cka", "first_random", "second_random", "first_train_accuracy", "second_train_accuracy"];

    /// <summary>Hidden width unless the grid sets <c>hidden</c>.</summary>
    public const int DefaultHidden = 64;

    /// <summary>Step budget of each training unless the grid sets <c>steps</c> (training stops once every point is fitted).</summary>
    public const int DefaultSteps = 1000;

    /// <summary><paramref name="parameters"/> with every earlier name (<see cref="EarlierNames"/>) replaced by its current one.</summary>
    /// <exception cref="MemLabException">(InvalidSpec) a grid sets a parameter under both names.</exception>
    private Dictionary<string, string> CurrentNames(IReadOnlyDictionary<string, string> parameters)
    {
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            string now = EarlierNames.GetValueOrDefault(name, name);
            if (!current.TryAdd(now, value))
                throw MemLabException.InvalidSpec($"{Id}: the grid sets {now} twice, once as {EarlierNames.Single(e => e.Value == now).Key}, its earlier name; keep {now}.");
        }
        return current;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parameters = CurrentNames(input.Parameters);
        var task = OptionsBinder.BindChecked(new DissectionTaskOptions(), parameters, Id);
        var (first, second) = (task.First, task.Second);
        var data = input.Data;
        if (data.TargetKind != TargetKind.Classes)
            throw MemLabException.InvalidData($"dissection trains classifiers, but {data.Provenance.Spec} has real targets; give labelled data.");
        var defaults = new TrainOptions { Hidden = [DefaultHidden], Steps = DefaultSteps, Loss = data.ClassCount > 2 ? Loss.CrossEntropy : Loss.Logistic };
        var options = OptionsBinder.Bind(defaults, parameters, Trainer.Id);
        options.Validate();
        Seed dataSeed = DataSpec.Parse(data.Provenance.Spec).GetSeed().Derive(Id);
        var randomLabels = LabelTransforms.AssignRandom(data, data.ClassCount, dataSeed.Derive("random-labels"));
        (Network Network, double Accuracy) Train(int index)
        {
            var result = new Trainer(input.Blas).Train(task.IsRandom(index) ? randomLabels : data, options, dataSeed.Derive("network").Derive(index));
            var network = result.Network ?? throw MemLabException.InvalidOptions($"dissection: training network {index} diverged; lower lr (now {options.LearningRate}).");
            return (network, result.TrainAccuracy);
        }
        var a = Train(first);
        var b = first == second ? a : Train(second);
        // The lower index goes first, so cells (i, j) and (j, i) do the same arithmetic and agree to the last bit.
        var (lower, higher) = first < second ? (a.Network, b.Network) : (b.Network, a.Network);
        double cka = first == second ? 1
            : RepresentationSimilarity.Compare([("lower", lower), ("higher", higher)], 1, data, input.Blas).Matrix[0][1];
        return new Dictionary<string, double?>
        {
            ["cka"] = cka,
            ["first_random"] = task.IsRandom(first) ? 1 : 0,
            ["second_random"] = task.IsRandom(second) ? 1 : 0,
            ["first_train_accuracy"] = a.Accuracy,
            ["second_train_accuracy"] = b.Accuracy,
        };
    }
}

using MemLab.Data;
using MemLab.Training;

namespace MemLab.Experiments;

/// <summary>
/// The "gap" task (docs/algorithms.md section 6): one width search (<see cref="GapResult.Measure"/>) on the run's data, recording
/// the smallest width at which the recipe memorizes in at least half of its seeds beside the constructions' widths. The
/// recipe parameters are those of the "train" task but <c>hidden</c> (<see cref="TrainTask.Options"/>); <c>seeds</c>, <c>start</c>,
/// <c>max_width</c>, <c>precision</c>, <c>memory</c> (2GB, 500MB or bytes) and <c>decide_early</c> (0 or 1) are the
/// <see cref="WidthSearchOptions"/> parameters, bound by <see cref="OptionsBinder"/> under the names <c>memlab gap</c>
/// takes (one worker: sweeps run in parallel across runs). On data with real targets (<c>loss=square</c>, <c>tolerance</c> as for the train
/// task) the constructive widths are those that interpolate real targets: Bubeck's, Zhang's and Yun's. Without <c>lr</c>, plain full-batch GD (<c>optimizer=gd</c>) uses <see cref="WidthSearch.PlainGdLearningRate"/> instead of
/// the trainer's default 0.01 (an Adam rate, far too small for plain GD on the mean loss), so one grid can compare Adam
/// and GD, each at a working rate. With <c>geometry</c> (see <see cref="GapGeometries"/>) the run trains on that geometry's data with the N,
/// d and seed of the run's data spec instead of the run's data itself, so one sweep covers several sources; <c>target_kind</c>
/// (<c>labels</c> or <c>uniform</c>) then gives those points their labels or real targets. <c>max_width_factor</c> F
/// raises the largest width to at least ceil(F N/d), so a search that finds none says the width is above F N/d.
/// <c>predictors=1</c> also records the data's <see cref="GeometryPredictors"/> (the gap map's width predictors; the
/// Gram matrix's eigenvalues cost O(N^3)); without it those metrics are null. These four are the
/// <see cref="GapTaskOptions"/> parameters, bound by <see cref="OptionsBinder"/> like the others.
/// </summary>
public sealed class GapTask : ISweepTask
{
    /// <inheritdoc/>
    public string Id => "gap";

    /// <inheritdoc/>
    public string Description =>
        "Width search: the smallest width at which GD memorizes in half of the seeds (gd_width), beside N/d, 4N/d and the baum, bubeck and finke widths (real targets: bubeck, zhang, yun), ratio to N/d, widths tried, seconds.";

    /// <inheritdoc/>
    public IReadOnlyList<string> Parameters { get; } =
        [.. TrainTask.RecipeParameters.Where(name => name != OptionsBinder.SweepName<TrainOptions>(nameof(TrainOptions.Hidden))),
         .. OptionsBinder.SweepNames(typeof(WidthSearchOptions)), .. OptionsBinder.SweepNames(typeof(GapTaskOptions))];

    /// <inheritdoc/>
    public IReadOnlyList<string> Metrics =>
        ["gd_width", "largest_failing_width", "median_steps", "n_over_d", "bubeck_bound", "baum_width", "baum_built", "bubeck_width", "bubeck_built",
         "finke_width", "finke_memorized", "ratio_n_over_d", "widths_tried", "seconds", "zhang_width", "yun_width", "tolerance", "stopped_early",
         "trainings", "network_steps",
         "effective_rank", "condition_number", "min_distance_between_labels", "ntk_min_eigenvalue", "ntk_exact"];

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double?> Run(SweepTaskInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var task = OptionsBinder.BindChecked(new GapTaskOptions(), input.Parameters, Id);
        var data = Data(input, task);
        var options = OptionsBinder.Bind(new WidthSearchOptions(), input.Parameters, Id);
        options = options with
        {
            MaxWidth = task.MaxWidth(data.SampleCount, data.FeatureCount, options.MaxWidth,
                maxWidthGiven: input.Parameters.ContainsKey(OptionsBinder.SweepName<WidthSearchOptions>(nameof(WidthSearchOptions.MaxWidth)))),
        };
        var recipe = TrainTask.Options(input.Parameters);
        recipe = WidthSearch.WithDefaultRate(recipe, rateGiven: input.Parameters.ContainsKey(OptionsBinder.SweepName<TrainOptions>(nameof(TrainOptions.LearningRate))));
        var predictors = task.Predictors ? GeometryPredictors.Compute(data, GeometryReport.Describe(data, input.Blas), input.Blas, new Seed(0)) : null;
        var result = GapResult.Measure(data, recipe, options, input.Seed, input.Blas);
        var search = result.Search;
        var constructive = result.Constructive;
        return new Dictionary<string, double?>
        {
            ["gd_width"] = search.MinimumWidth,
            ["largest_failing_width"] = search.LargestFailingWidth,
            ["median_steps"] = search.Trials.LastOrDefault(t => t.Width == search.MinimumWidth)?.MedianSteps,
            ["n_over_d"] = constructive.NOverD,
            ["bubeck_bound"] = constructive.BubeckBound,
            ["baum_width"] = constructive.Baum.Width,
            ["baum_built"] = constructive.Baum.Origin == WidthOrigin.Built ? 1 : 0,
            ["bubeck_width"] = constructive.Bubeck.Width,
            ["bubeck_built"] = constructive.Bubeck.Origin == WidthOrigin.Built ? 1 : 0,
            ["finke_width"] = constructive.Finke.Width,
            ["finke_memorized"] = constructive.Finke.Memorized is { } memorized ? memorized ? 1 : 0 : null,
            ["ratio_n_over_d"] = result.RatioToNOverD,
            ["widths_tried"] = search.Trials.Count,
            ["seconds"] = search.Seconds,
            ["zhang_width"] = constructive.Zhang.Width,
            ["yun_width"] = constructive.Yun.Width,
            ["tolerance"] = result.Tolerance,
            ["stopped_early"] = search.Trials.Sum(t => t.StoppedEarly),
            ["trainings"] = search.Trials.Sum(t => t.Trained),
            ["network_steps"] = search.Trials.Sum(t => t.NetworkSteps),
            ["effective_rank"] = predictors?.EffectiveRank,
            ["condition_number"] = predictors?.ConditionNumber,
            ["min_distance_between_labels"] = predictors?.MinDistanceBetweenLabels,
            ["ntk_min_eigenvalue"] = predictors?.NtkSmallestEigenvalue,
            ["ntk_exact"] = predictors is null ? null : predictors.NtkExact ? 1 : 0,
        };
    }

    /// <summary>
    /// The run's data, or with a geometry that geometry's data with the run's N, d and seed. N and d come from the run's
    /// data spec when it states them and no step reshapes the data (<see cref="DatasetLoader.StatedShape"/>), so the
    /// run's own data is then never loaded; otherwise from its data.
    /// </summary>
    private static Dataset Data(SweepTaskInput input, GapTaskOptions task)
    {
        if (task.Geometry is not { } geometry) return input.Data;
        var runSpec = DataSpec.Parse(input.DataSpec);
        var (n, d) = DatasetLoader.StatedShape(runSpec) ?? (input.Data.SampleCount, input.Data.FeatureCount);
        string spec = GapGeometries.Spec(geometry, n, d, runSpec.GetSeed(), task.TargetKind ?? "labels");
        return DatasetLoader.Load(spec, input.DataContext ?? new DataLoadContext(null, input.Blas));
    }
}

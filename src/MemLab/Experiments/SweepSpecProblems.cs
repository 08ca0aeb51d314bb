using System.Globalization;
using MemLab.Data;

namespace MemLab.Experiments;

/// <summary>The checks of a whole <see cref="SweepSpec"/> (see <see cref="SweepSpec.Validate"/>), each problem one sentence.</summary>
internal static class SweepSpecProblems
{
    /// <summary>Every problem of <paramref name="spec"/>; empty when it is valid.</summary>
    public static List<string> Of(SweepSpec spec)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(spec.Name)) problems.Add("The name is blank; give the sweep a name.");
        if (spec.Version < 1) problems.Add($"The version is {spec.Version}; it must be >= 1.");
        if (spec.Repetitions < 1) problems.Add($"Repetitions is {spec.Repetitions}; it must be >= 1.");
        ISweepTask? task = SweepTasks.All.FirstOrDefault(t => t.Id == spec.Task);
        if (task is null)
            problems.Add($"Unknown task '{spec.Task}'; valid tasks: {string.Join(", ", SweepTasks.All.Select(t => t.Id))}.");
        DataSpec data = DataSpec.Parse(spec.Data);
        IReadOnlyList<string>? dataKeys = DatasetLoader.SourceNames.Contains(data.Source) ? DatasetLoader.ValidKeys(data.Source) : null;
        if (dataKeys is null)
            problems.Add($"Unknown data source '{data.Source}' in data '{spec.Data}'; valid sources: {string.Join(", ", DatasetLoader.SourceNames)}.");

        if (spec.Grid.Count == 0)
            problems.Add("The grid is empty; give at least one parameter with at least one value, for example \"grid\": { \"n\": [100, 200] }.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in spec.Grid)
        {
            if (!seen.Add(parameter.Name))
                problems.Add($"Grid parameter '{parameter.Name}' appears twice; keep one.");
            if (parameter.Values.Count == 0)
                problems.Add($"Grid parameter '{parameter.Name}' has no values; give at least one.");
            if (data.Contains(parameter.Name))
                problems.Add($"Grid parameter '{parameter.Name}' is also fixed in data '{spec.Data}'; remove it from one of them.");
            if ((task?.Parameters.Contains(parameter.Name) ?? false) && (dataKeys?.Contains(parameter.Name) ?? false))
                problems.Add($"Grid parameter '{parameter.Name}' is both a parameter of task {task!.Id} and a data key of source '{data.Source}', " +
                    "so the grid cannot say which it sets; the task's parameter must be renamed (a memlab bug: please report it).");
            bool known = (task?.Parameters.Contains(parameter.Name) ?? true) || (dataKeys?.Contains(parameter.Name) ?? true);
            if (!known)
                problems.Add($"Unknown grid parameter '{parameter.Name}'; valid names: {string.Join(", ", ValidParameters(task!, data.Source, dataKeys!))}.");
        }
        if (task is not null)
        {
            foreach (string metric in spec.Metrics.Where(m => !task.Metrics.Contains(m)))
                problems.Add($"Unknown metric '{metric}'; task {task.Id} records: {string.Join(", ", task.Metrics)}.");
            foreach (string metric in spec.Metrics.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key))
                problems.Add($"Metric '{metric}' is listed twice; keep one.");
        }
        if (task is not null)
            problems.AddRange(SweepFigures.Problems(spec, spec.RecordedMetrics()));
        long runs = spec.Grid.Aggregate((long)spec.Repetitions, (product, p) => Math.Min(product * p.Values.Count, (long)SweepSpec.MaxRuns + 1));
        if (problems.Count == 0 && runs > SweepSpec.MaxRuns)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The sweep has more than {SweepSpec.MaxRuns} runs; split it into several sweeps."));
        return problems;
    }

    private static IEnumerable<string> ValidParameters(ISweepTask task, string source, IReadOnlyList<string> dataKeys) =>
        task.Parameters.Select(p => $"{p} (task {task.Id})").Concat(dataKeys.Select(k => $"{k} (data {source})"));
}

using MemLab.Experiments;

namespace MemLab.Cli.Commands;

/// <summary>
/// Parameters that had another name in an earlier release, by their current snake_case name. On the command line the
/// earlier name still works, with a one-line notice on stderr (<see cref="ParameterOption"/>). In a sweep spec the
/// earlier name may mean something else today (<c>fraction</c> is the data key of a nested subset), so a spec that uses it
/// for a task that has the renamed parameter runs as written, with a notice saying which name sets the parameter; a
/// task that still reads an earlier name of its own (<see cref="DissectionTask.EarlierNames"/>) gets a notice to write the current one.
/// </summary>
internal static class RenamedParameters
{
    /// <summary>The earlier name of each renamed parameter, by its current name.</summary>
    private static readonly Dictionary<string, string> EarlierNames = new(StringComparer.Ordinal)
    {
        ["radius_fraction"] = "fraction",
    };

    /// <summary>The earlier command-line option of parameter <paramref name="name"/> (<c>--fraction</c> for <c>radius_fraction</c>); null when it was never renamed.</summary>
    public static string? EarlierOption(string name) =>
        EarlierNames.TryGetValue(name, out string? earlier) ? OptionsBinder.CommandLineName(earlier) : null;

    /// <summary>One notice for each grid key of <paramref name="spec"/> that is the earlier name of one of its task's parameters, when the spec does not also set that parameter.</summary>
    public static IEnumerable<string> SpecNotices(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = SweepTasks.Find(spec.Task).Parameters;
        var keys = spec.Grid.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (current, earlier) in EarlierNames)
            if (parameters.Contains(current) && keys.Contains(earlier) && !keys.Contains(current))
                yield return $"memlab: note: '{earlier}' in {spec.Name} is read as it is today, not as the {spec.Task} parameter '{current}' it once named; write '{current}' to set that parameter.";
        if (spec.Task == new DissectionTask().Id)
            foreach (var (earlier, current) in DissectionTask.EarlierNames.Where(e => keys.Contains(e.Key)))
                yield return $"memlab: note: '{earlier}' in {spec.Name} is the earlier name of the {spec.Task} parameter '{current}'; it still works, but write '{current}'.";
    }
}

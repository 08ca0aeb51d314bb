using MemLab.Experiments;
using MemLab.Reporting;
using MemLab.Store;

namespace MemLab.Tests.Reporting;

/// <summary>Hand-made runs of a two-parameter geometry sweep (n x noise), with metric values chosen by the test.</summary>
internal static class ReportTables
{
    public static SweepSpec Spec(IReadOnlyList<string> sizes, IReadOnlyList<string> noises, int repetitions) => new()
    {
        Name = "report-test", Task = "geometry", Data = "moons",
        Grid = [new SweepParameter("n", sizes), new SweepParameter("noise", noises)],
        Repetitions = repetitions, Metrics = ["delta"],
    };

    /// <summary>Every run of <paramref name="spec"/> with delta = <paramref name="delta"/>(cell, repetition); a null delta records a failed run.</summary>
    public static List<RunRecord> Runs(SweepSpec spec, Func<SweepCell, int, double?> delta) =>
        spec.Runs().Select(run => delta(run.Cell, run.Repetition) is { } value
                ? new RunRecord(run.Cell, run.Repetition, run.Seed, RunStatus.Ok, null, new Dictionary<string, double?> { ["delta"] = value },
                    DateTimeOffset.UnixEpoch, 1, "0.1.0", "test machine, managed BLAS")
                : new RunRecord(run.Cell, run.Repetition, run.Seed, RunStatus.Failed, "boom <b>", new Dictionary<string, double?>(),
                    DateTimeOffset.UnixEpoch, 1, "0.1.0", "test machine, managed BLAS"))
            .ToList();

    public static double Number(SweepCell cell, string name) =>
        double.Parse(cell.Parameters.First(p => p.Key == name).Value, System.Globalization.CultureInfo.InvariantCulture);

    public static ResultsTable Table(SweepSpec spec, List<RunRecord> runs) => ResultsTable.Aggregate(spec, runs);
}

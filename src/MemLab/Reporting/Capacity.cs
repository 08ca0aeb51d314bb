using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MemLab.Reporting;

/// <summary>
/// Memory capacity from a sweep over sample size and architecture (the <c>vershynin-capacity</c> experiment): per
/// architecture, the largest N memorized in at least a given fraction of seeds, and the figure of capacity against the
/// connection count with the line capacity = connections. Any task that records a 0/1 success metric and a connection
/// count can be compared this way: pass several labelled row sets to <see cref="Figure"/> (e.g. Vershynin's W next to
/// the Baum/Bubeck parameter count on the same data).
/// </summary>
public static class Capacity
{
    /// <summary>The default level: memorized in at least 90% of seeds.</summary>
    public const double DefaultLevel = 0.9;

    private static readonly SectionNeeds Needs = new("A capacity estimate needs", $"a capacity per '{GridNames.Architecture}'",
        [GridNames.Size, GridNames.Architecture], [GridNames.Memorized, GridNames.DeepConnections], [GridNames.Size, GridNames.Architecture]);

    /// <summary>Whether the report shows a capacity section for <paramref name="table"/>: it <see cref="Applies">applies</see> and no other grid parameter varies.</summary>
    public static bool Reportable(ResultsTable table) => Needs.Reportable(table);

    /// <summary>Whether <paramref name="table"/> has the parameters and metrics <see cref="Estimate"/> needs.</summary>
    public static bool Applies(ResultsTable table) => Needs.Applies(table);

    /// <summary>
    /// One <see cref="CapacityRow"/> per fixed architecture, in grid order. Groups that name a construction sized by N
    /// (<see cref="Experiments.CapacityTask.ClassicConstructions"/>: baum, bubeck) are <see cref="SizedByData"/>'s.
    /// </summary>
    /// <param name="table">A sweep over <see cref="GridNames.Size"/> and <see cref="GridNames.Architecture"/> recording <see cref="GridNames.Memorized"/> and <see cref="GridNames.DeepConnections"/>.</param>
    /// <param name="level">The success fraction N must reach, in (0, 1]. Default 0.9.</param>
    /// <param name="connectionsMetric">The connection count to set the capacity against. Default <see cref="GridNames.DeepConnections"/>.</param>
    /// <exception cref="MemLabException">The table lacks those parameters or metrics, an N is not a whole number, another parameter varies, or the level is out of range.</exception>
    public static IReadOnlyList<CapacityRow> Estimate(ResultsTable table, double level = DefaultLevel, string connectionsMetric = GridNames.DeepConnections)
    {
        ArgumentNullException.ThrowIfNull(table);
        Check(table, level, connectionsMetric);
        return table.Cells.GroupBy(c => c.Parameters[GridNames.Architecture]).Where(group => !SizedByN(group.Key)).Select(group =>
        {
            var rates = group.Select(c => new KeyValuePair<int, double>(Size(c.Parameters[GridNames.Size]), Rate(c)))
                .OrderBy(r => r.Key).ToList();
            var passing = rates.Where(r => r.Value >= level).ToList();
            int? capacity = passing.Count == 0 ? null : passing[^1].Key;
            var connections = group.Select(c => c.Metrics[connectionsMetric].Mean).OfType<double>().ToList();
            double? w = connections.Count == 0 ? null : connections.Average();
            return new CapacityRow(group.Key, w, capacity, capacity is { } cap && w is { } total ? total / cap : null,
                capacity == rates[^1].Key, rates.TakeWhile(r => r.Key < (capacity ?? int.MinValue)).All(r => r.Value >= level), rates);
        }).ToList();
    }

    /// <summary>
    /// The groups that name a construction sized by N (<see cref="Experiments.CapacityTask.ClassicConstructions"/>: Baum's
    /// and Bubeck's one hidden layer grows with the data), each as one <see cref="CapacityRow"/> per N tried, ascending: <see cref="CapacityRow.Group"/> reads
    /// "N=...", the connections are that N's mean, and the capacity is N when its runs memorized at the level, else null.
    /// Drawn by <see cref="Figure"/> beside fixed architectures, they show how many connections each memorized point cost.
    /// </summary>
    /// <exception cref="MemLabException">As <see cref="Estimate"/>.</exception>
    public static IReadOnlyList<KeyValuePair<string, IReadOnlyList<CapacityRow>>> SizedByData(ResultsTable table, string connectionsMetric, double level = DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(table);
        Check(table, level, connectionsMetric);
        return table.Cells.GroupBy(c => c.Parameters[GridNames.Architecture])
            .Where(group => SizedByN(group.Key) && group.Any(c => c.Metrics[connectionsMetric].Mean is not null))
            .Select(group => new KeyValuePair<string, IReadOnlyList<CapacityRow>>(group.Key, group
                .Where(c => c.Metrics[connectionsMetric].Mean is not null)
                .Select(c => (Size: Size(c.Parameters[GridNames.Size]), Rate: Rate(c), Connections: c.Metrics[connectionsMetric].Mean!.Value))
                .OrderBy(p => p.Size)
                .Select(p => new CapacityRow(string.Create(CultureInfo.InvariantCulture, $"N={p.Size}"), p.Connections, p.Rate >= level ? p.Size : null,
                    p.Rate >= level ? p.Connections / p.Size : null, false, true, [new(p.Size, p.Rate)]))
                .ToList()))
            .ToList();
    }

    /// <summary>
    /// Capacity against connections on log-log axes, one colour per labelled row set, with the line capacity =
    /// connections. Rows without a capacity or connection count are left out; a capacity that is only a lower bound
    /// (<see cref="CapacityRow.AtLargestTried"/>) is drawn as a triangle.
    /// </summary>
    /// <exception cref="MemLabException">No row has both a capacity and a connection count.</exception>
    public static Plot Figure(IReadOnlyList<KeyValuePair<string, IReadOnlyList<CapacityRow>>> series, string title)
    {
        ArgumentNullException.ThrowIfNull(series);
        var shown = series.Select(s => (s.Key, Rows: s.Value.Where(r => r.Capacity > 0 && r.Connections > 0).ToList())).ToList();
        if (shown.All(s => s.Rows.Count == 0))
            throw MemLabException.InvalidOptions("No architecture reached the capacity level at any N tried, so there is nothing to plot; add smaller N to the grid.");
        var plot = new Plot();
        var all = shown.SelectMany(s => s.Rows).ToList();
        double low = Math.Log10(all.Min(r => Math.Min(r.Connections!.Value, r.Capacity!.Value))) - 0.2;
        double high = Math.Log10(all.Max(r => Math.Max(r.Connections!.Value, r.Capacity!.Value))) + 0.2;
        var line = plot.Add.Line(low, low, high, high);
        line.LineColor = Colors.Gray;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = "capacity = connections";
        foreach (var (label, rows) in shown)
        {
            if (rows.Count == 0) continue;
            var scatter = plot.Add.Scatter(rows.Select(r => Math.Log10(r.Connections!.Value)).ToArray(), rows.Select(r => Math.Log10(r.Capacity!.Value)).ToArray());
            scatter.LineWidth = 0;
            scatter.MarkerSize = 9;
            scatter.LegendText = label;
            foreach (var row in rows)
            {
                var text = plot.Add.Text(row.Group + (row.AtLargestTried ? " (>=)" : ""), Math.Log10(row.Connections!.Value), Math.Log10(row.Capacity!.Value));
                text.LabelFontSize = 10;
                text.LabelFontColor = scatter.Color;
            }
        }
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
            axis.TickGenerator = new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator(),
                LabelFormatter = v => Math.Pow(10, v).ToString("G4", CultureInfo.InvariantCulture),
            };
        plot.XLabel("connections (log scale)");
        plot.YLabel("capacity: largest N memorized (log scale)");
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static void Check(ResultsTable table, double level, string connectionsMetric)
    {
        Needs.Require(table, connectionsMetric);
        if (!(level > 0 && level <= 1))
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture, $"The capacity level must be in (0, 1]; got {level}. Use 0.9 for 'memorized in 90% of seeds'."));
    }

    /// <summary>True when the group names a construction whose size grows with N rather than a fixed architecture.</summary>
    private static bool SizedByN(string group) => Experiments.CapacityTask.ClassicConstructions.Contains(group);

    private static int Size(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw MemLabException.InvalidOptions($"Grid parameter '{GridNames.Size}' has the value '{value}', which is not a positive whole number of points.");

    /// <summary>Memorized runs / all runs of the cell (a run that failed counts as not memorized).</summary>
    private static double Rate(CellResult cell)
    {
        var summary = cell.Metrics[GridNames.Memorized];
        return cell.Runs == 0 || summary.Mean is not { } mean ? 0 : mean * summary.Count / cell.Runs;
    }
}

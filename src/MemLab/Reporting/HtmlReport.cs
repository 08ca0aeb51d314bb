using System.Globalization;
using System.Net;
using System.Text;
using MemLab.Experiments;
using MemLab.Store;
using ScottPlot;

namespace MemLab.Reporting;

/// <summary>
/// A sweep's report as one self-contained HTML page: run counts and failures, default figures embedded as base64
/// PNG, the aggregated table (mean and 95% interval per cell), the sweep spec, and the memlab versions and machines
/// that recorded the runs. It loads nothing from the network, so it opens in any browser, offline.
/// </summary>
public static class HtmlReport
{
    /// <summary>The file name <see cref="Write"/> gives the page.</summary>
    public const string FileName = "index.html";

    private const int MaxFailuresListed = 20;

    /// <summary>
    /// The figures a report shows for <paramref name="table"/>: each metric (and the success rate, when a run failed)
    /// against the first numeric grid parameter that varies, one line per value of the next varying parameter; and,
    /// when two parameters vary, a heatmap of the first metric over them (of the success rate with its 0.99 contour
    /// when a run failed). Further varying parameters are held at their first value (the caption says so). Each is drawn
    /// by <see cref="ResultFigures.Draw"/>, as a figure the spec could have listed.
    /// </summary>
    public static IReadOnlyList<ReportFigure> DefaultFigures(ResultsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var varying = table.Parameters.Where(p => table.Cells.Select(c => c.Parameters[p]).Distinct().Count() > 1).ToList();
        string? x = varying.FirstOrDefault(p => table.Cells.All(c => double.TryParse(c.Parameters[p], NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
        if (x is null) return [];
        string? series = varying.FirstOrDefault(p => p != x);
        var held = varying.Where(p => p != x && p != series)
            .Select(p => new KeyValuePair<string, string>(p, table.Cells[0].Parameters[p])).ToList();
        var slice = table.Where(held);
        bool anyFailed = slice.Cells.Any(c => c.Failed > 0);

        var metrics = slice.Metrics.Where(m => slice.Cells.Any(c => c.Metrics[m].Mean is not null)).ToList();
        if (anyFailed) metrics.Insert(0, ResultFigures.SuccessRate);
        var figures = metrics
            .Select(m => ResultFigures.Draw(new SweepFigure { Kind = FigureKind.Line, X = x, Y = m, Series = series, Where = held }, table))
            .ToList();
        if (series is not null && metrics.Count > 0)
            figures.Add(ResultFigures.Draw(new SweepFigure { Kind = FigureKind.Heatmap, X = x, Rows = series, Y = metrics[0], Contour = anyFailed ? 0.99 : null, Where = held }, table));
        return figures;
    }

    /// <summary>
    /// The figures a report shows: those the spec lists (<see cref="SweepSpec.Figures"/>), in order, or
    /// <see cref="DefaultFigures"/> when it lists none.
    /// </summary>
    /// <exception cref="MemLabException">A listed figure cannot be drawn from the results (for example, a filter matches no recorded cell).</exception>
    public static IReadOnlyList<ReportFigure> Figures(SweepSpec spec, ResultsTable table)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(table);
        if (spec.Figures.Count == 0) return DefaultFigures(table);
        return spec.Figures.Select(figure => ResultFigures.Draw(figure, table)).ToList();
    }

    /// <summary>The report page for <paramref name="runs"/> of <paramref name="spec"/>, with its <see cref="Figures"/>.</summary>
    public static string Render(SweepSpec spec, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runs);
        var table = ResultsTable.Aggregate(spec, runs);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(E(spec.Name)).Append(" - memlab report</title>\n<style>\n")
            .Append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:3px 8px;text-align:right}")
            .Append("th{background:#eee}td.p{text-align:left}figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}")
            .Append("pre{background:#f6f6f6;padding:1em;overflow:auto}.failed{color:#b00}\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(spec.Name)).Append("</h1>\n");
        if (spec.Description.Length > 0) html.Append("<p>").Append(E(spec.Description)).Append("</p>\n");

        int failed = runs.Count(r => r.Status != RunStatus.Ok);
        html.Append("<h2>Runs</h2>\n<table id=\"runs\">\n")
            .Append(Row("th", ["task", "data", "spec version", "spec hash", "expected", "recorded", "succeeded", "failed", "not run"]))
            .Append(Row("td", [spec.Task, spec.Data, I(spec.Version), table.SpecHash[..12], I(table.ExpectedRuns), I(runs.Count),
                I(runs.Count - failed), I(failed), I(table.ExpectedRuns - runs.Count)]))
            .Append("</table>\n");

        var figures = Figures(spec, table).ToList();
        if (Capacity.Reportable(table)) AppendCapacity(html, table, figures);
        if (Scaling.Reportable(table)) figures.AddRange(Scaling.Figures(table));
        if (Comparison.Reportable(table)) AppendComparison(html, table, figures);
        if (Slowdown.Applies(table)) AppendSlowdown(html, table, figures);
        if (Dissection.Reportable(table)) AppendDissection(html, table);
        if (GapMap.Applies(spec)) GapMapSection.Append(html, spec, runs, figures);
        html.Append("<h2>Figures</h2>\n");
        if (figures.Count == 0) html.Append("<p>No figures: no numeric grid parameter varies.</p>\n");
        foreach (var figure in figures)
        {
            byte[] png = figure.Plot.GetImageBytes(FigureFile.DefaultWidth, FigureFile.DefaultHeight, ImageFormat.Png);
            html.Append("<figure><img alt=\"").Append(E(figure.Caption)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(E(figure.Caption)).Append("</figcaption></figure>\n");
        }

        html.Append("<h2>Results per cell</h2>\n<p>Each metric: mean over the cell's successful runs [95% interval, Student's t]; the last column is how long they took (wall clock, not replayable).</p>\n<table id=\"results\">\n")
            .Append(Row("th", table.Parameters.Concat(["runs", "succeeded", "failed", "success rate"]).Concat(table.Metrics).Append("seconds (run time)")));
        foreach (var cell in table.Cells)
        {
            html.Append("<tr>");
            foreach (string parameter in table.Parameters) html.Append("<td class=\"p\">").Append(E(cell.Parameters[parameter])).Append("</td>");
            foreach (string value in new[] { I(cell.Runs), I(cell.Succeeded), I(cell.Failed), Number(cell.SuccessRate) }
                         .Concat(table.Metrics.Select(m => Summary(cell.Metrics[m]))).Append(Summary(cell.Seconds)))
                html.Append("<td>").Append(E(value)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");

        if (failed > 0)
        {
            html.Append("<h2 class=\"failed\">Failed runs</h2>\n<table id=\"failures\">\n").Append(Row("th", ["cell", "repetition", "message"]));
            foreach (var run in runs.Where(r => r.Status != RunStatus.Ok).Take(MaxFailuresListed))
                html.Append(Row("td", [run.Cell.Key, I(run.Repetition), run.Message ?? ""]));
            html.Append("</table>\n");
            if (failed > MaxFailuresListed) html.Append("<p>").Append(I(failed - MaxFailuresListed)).Append(" more failed runs are not listed.</p>\n");
        }

        html.Append("<h2>Provenance</h2>\n<table id=\"provenance\">\n").Append(Row("th", ["", "value", "runs"]))
            .Append(Row("td", ["report written by memlab", NetworkProvenance.CurrentVersion, ""]));
        foreach (var group in runs.GroupBy(r => r.MemlabVersion).OrderBy(g => g.Key, StringComparer.Ordinal))
            html.Append(Row("td", ["runs recorded by memlab", group.Key, I(group.Count())]));
        foreach (var group in runs.GroupBy(r => r.Machine).OrderBy(g => g.Key, StringComparer.Ordinal))
            html.Append(Row("td", ["machine and BLAS", group.Key, I(group.Count())]));
        html.Append("</table>\n<h2>Sweep spec</h2>\n<pre id=\"spec\">").Append(E(spec.ToJson())).Append("</pre>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The capacity table (largest N memorized in at least 90% of seeds per architecture, with connections / capacity)
    /// for sweeps over n and arch, and its figure added to <paramref name="figures"/> when any architecture has a capacity.
    /// </summary>
    private static void AppendCapacity(StringBuilder html, ResultsTable table, List<ReportFigure> figures)
    {
        var rows = Capacity.Estimate(table);
        html.Append("<h2>Capacity</h2>\n<p>Per architecture: the largest N memorized in at least ").Append(Number(Capacity.DefaultLevel))
            .Append(" of its seeds (failed runs count as not memorized); &gt;= when the largest N tried still did.</p>\n<table id=\"capacity\">\n")
            .Append(Row("th", [GridNames.Architecture, GridNames.DeepConnections, "capacity", "connections / capacity", "success rate per N"]));
        foreach (var row in rows)
            html.Append(Row("td", [row.Group, row.Connections is { } w ? Number(w) : "",
                row.Capacity is { } c ? (row.AtLargestTried ? ">= " : "") + I(c) : "below the smallest N", row.ConnectionsPerPoint is { } r ? Number(r) : "",
                string.Join("; ", row.Rates.Select(p => $"{I(p.Key)}: {Number(p.Value)}"))]));
        html.Append("</table>\n");
        if (rows.Any(r => r.Capacity is not null && r.Connections is not null))
            figures.Add(new ReportFigure($"Capacity (largest N memorized in >= {Number(Capacity.DefaultLevel)} of seeds) against {GridNames.DeepConnections}, with the line capacity = connections.",
                Capacity.Figure([new(table.Name, rows)], $"{table.Name}: capacity against connections")));
        if (table.Metrics.Contains(GridNames.Weights)) AppendSizedByData(html, table, figures);
    }

    /// <summary>
    /// When the sweep also built constructions sized by N on the same data (baum, bubeck): their weights per memorized
    /// point beside the fixed architectures' capacities, as a table and a figure against all weights.
    /// </summary>
    private static void AppendSizedByData(StringBuilder html, ResultsTable table, List<ReportFigure> figures)
    {
        var sized = Capacity.SizedByData(table, GridNames.Weights);
        if (sized.Count == 0) return;
        var fixedRows = Capacity.Estimate(table, connectionsMetric: GridNames.Weights);
        html.Append("<h3>Against constructions sized by N, on the same data</h3>\n<p>A one-hidden-layer construction has no deep connections, ")
            .Append("so the common measure is every weight of the network. Per N: the weights the construction used, weights per point, and ")
            .Append("its success rate; per fixed architecture: its weights at its capacity.</p>\n<table id=\"capacity-sized\">\n")
            .Append(Row("th", [GridNames.Architecture, "N", GridNames.Weights, "weights / N", "success rate"]));
        foreach (var (group, rows) in sized)
            foreach (var row in rows)
                html.Append(Row("td", [group, I(row.Rates[0].Key), Number(row.Connections!.Value), Number(row.Connections.Value / row.Rates[0].Key), Number(row.Rates[0].Value)]));
        foreach (var row in fixedRows.Where(r => r.Capacity is not null))
            html.Append(Row("td", [row.Group, (row.AtLargestTried ? ">= " : "") + I(row.Capacity!.Value), Number(row.Connections!.Value), Number(row.ConnectionsPerPoint!.Value), ""]));
        html.Append("</table>\n");
        if (fixedRows.Concat(sized.SelectMany(s => s.Value)).Any(r => r.Capacity is not null))
            figures.Add(new ReportFigure($"Largest N memorized in >= {Number(Capacity.DefaultLevel)} of seeds against all weights: fixed architectures at their capacity, constructions sized by N at every N they memorized, with the line N = weights.",
                Capacity.Figure([new(table.Name, fixedRows), .. sized], $"{table.Name}: memorized points against weights")));
    }

    /// <summary>
    /// The comparison table (test accuracy per pair and model, and the reference model's lead over each other model),
    /// a sentence per other model saying on how many pairs the reference is above it and by how much, and the bar
    /// chart added to <paramref name="figures"/>.
    /// </summary>
    private static void AppendComparison(StringBuilder html, ResultsTable table, List<ReportFigure> figures)
    {
        var models = Comparison.Models(table);
        var others = models.Skip(1).ToList();
        html.Append("<h2>Comparison</h2>\n<p>Test accuracy per pair and model; the last columns are ").Append(E(models[0]))
            .Append("'s accuracy minus each other model's (positive: ").Append(E(models[0])).Append(" is ahead).</p>\n<table id=\"comparison\">\n")
            .Append(Row("th", ["pair", .. models, .. others.Select(m => $"{models[0]} - {m}")]));
        foreach (var row in Comparison.Rows(table))
            html.Append(Row("td", [row.Pair, .. models.Select(m => Optional(row.Accuracy[m])),
                .. others.Select(m => row.Accuracy[models[0]] is { } a && row.Accuracy[m] is { } b ? Number(a - b) : "")]));
        html.Append("</table>\n<ul id=\"leads\">\n");
        foreach (var lead in Comparison.Leads(table))
            html.Append("<li>").Append(E(lead.Pairs == 0
                ? $"{models[0]} and {lead.Model} share no pair."
                : $"{models[0]} is above {lead.Model} on {I(lead.PairsAbove)} of {I(lead.Pairs)} pairs; its lead is {Number(lead.SmallestLead!.Value)} at the smallest ({lead.SmallestLeadPair}) and {Number(lead.MeanLead!.Value)} on average."))
                .Append("</li>\n");
        html.Append("</ul>\n");
        figures.Insert(0, new ReportFigure($"{GridNames.TestAccuracy} per pair, one bar per model.", Comparison.Figure(table)));
    }

    /// <summary>
    /// The slowdown table (per dropout rate and group: mean steps to memorize over the value at dropout 0, the mean
    /// steps and the fraction of runs that memorized; then each group's slowdown over the first group's) and its figure,
    /// added to <paramref name="figures"/>.
    /// </summary>
    private static void AppendSlowdown(StringBuilder html, ResultsTable table, List<ReportFigure> figures)
    {
        var groups = Slowdown.Groups(table);
        var cells = Slowdown.Cells(table);
        var others = groups.Skip(1).ToList();
        html.Append("<h2>Slowdown by dropout</h2>\n<p>Per dropout rate and group: mean ").Append(GridNames.StepsToMemorize)
            .Append(" divided by the group's mean at dropout 0 (mean steps; fraction of runs that memorized). Means count only the runs that memorized, ")
            .Append("so where some did not the slowdown is larger than shown. The last columns divide each group's slowdown by ")
            .Append(E(groups[0])).Append("'s.</p>\n<table id=\"slowdown\">\n")
            .Append(Row("th", [GridNames.Dropout, .. groups, .. others.Select(g => $"{g} / {groups[0]}")]));
        foreach (var rate in cells.GroupBy(c => c.Dropout).OrderBy(g => g.Key))
        {
            var byGroup = rate.GroupBy(c => c.Group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            string Entry(string group) => byGroup.GetValueOrDefault(group) is not { } cell ? ""
                : cell.MeanSteps is null ? $"not memorized ({Optional(cell.MemorizedRate)})"
                : $"{Optional(cell.Ratio)} ({Number(cell.MeanSteps.Value)} steps; {Optional(cell.MemorizedRate)})";
            double? Relative(string group) =>
                byGroup.GetValueOrDefault(group)?.Ratio is { } ratio && byGroup.GetValueOrDefault(groups[0])?.Ratio is { } first ? ratio / first : null;
            html.Append(Row("td", [Number(rate.Key), .. groups.Select(Entry), .. others.Select(g => Optional(Relative(g)))]));
        }
        html.Append("</table>\n");
        figures.Add(new ReportFigure($"Mean {GridNames.StepsToMemorize} at each dropout rate over the mean at dropout 0, one line per group (runs that memorized).",
            Slowdown.Figure(table)));
    }

    /// <summary>The dissection means (within-true, within-random, across) as a table, for sweeps of the dissection task.</summary>
    private static void AppendDissection(StringBuilder html, ResultsTable table)
    {
        var summary = Dissection.Summarize(table);
        html.Append("<h2>Dissection</h2>\n<p>Mean linear CKA between the hidden layers of two different networks, by the labels they were trained on (")
            .Append(I(summary.Pairs)).Append(" pairs; Gu and Tresp 2019 find true-label networks more alike than random-label ones).</p>\n<table id=\"dissection\">\n")
            .Append(Row("th", ["within true", "within random", "across"]))
            .Append(Row("td", [Optional(summary.WithinTrue), Optional(summary.WithinRandom), Optional(summary.Across)]))
            .Append("</table>\n");
    }

    /// <summary>Writes the <see cref="Render"/> page to <paramref name="directory"/>/<see cref="FileName"/>, creating the folder; returns the file's path.</summary>
    /// <exception cref="MemLabException">The folder cannot be created or written.</exception>
    public static string Write(string directory, SweepSpec spec, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string html = Render(spec, runs);
        string path = Path.Combine(directory, FileName);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw MemLabException.InvalidFile(directory, $"cannot be created as a folder ({error.Message.TrimEnd('.')}); choose a folder you can write to.", error);
        }
        AtomicFile.WriteText(path, html);
        return path;
    }

    /// <summary>A metric summary as report text: <c>mean [low, high]</c>, the mean alone with one run, <c>n/a</c> with none (numbers in G6).</summary>
    internal static string Summary(MetricSummary summary) => summary switch
    {
        { Mean: null } => "n/a",
        { Low: double low, High: double high } => $"{Number(summary.Mean.Value)} [{Number(low)}, {Number(high)}]",
        _ => Number(summary.Mean.Value),
    };

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Optional(double? value) => value is { } number ? Number(number) : "";

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Row(string tag, IEnumerable<string> values) =>
        "<tr>" + string.Concat(values.Select(v => $"<{tag}>{E(v)}</{tag}>")) + "</tr>\n";
}

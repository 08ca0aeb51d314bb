using System.CommandLine;
using MemLab.Reporting;
using MemLab.Store;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab plot DB --x PARAM [--y METRIC] [--series PARAM] [--heatmap PARAM2] [--contour LEVEL] [--log] [--scatter] -o FILE</c>.</summary>
internal static class PlotCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var database = new Argument<string>("db") { Description = "Results database written by 'memlab sweep run' or 'memlab merge'." };
        var x = new Option<string>("--x") { Description = "Grid parameter on the x axis (numeric, except for a heatmap).", Required = true };
        var y = new Option<string>("--y") { Description = $"Metric to plot, {ResultFigures.SuccessRate}, or {ResultFigures.Seconds} (run time in seconds).", DefaultValueFactory = _ => ResultFigures.SuccessRate };
        var series = new Option<string?>("--series") { Description = "Grid parameter drawn as one line per value." };
        var heatmap = new Option<string?>("--heatmap") { Description = "Draw a heatmap over --x and this grid parameter instead of lines." };
        var contour = new Option<double?>("--contour") { Description = "With --heatmap: outline the cells where the metric is at least this level, e.g. 0.99." };
        var log = new Option<bool>("--log") { Description = "Log-log axes (lines and scatter)." };
        var scatter = new Option<bool>("--scatter") { Description = "Points only, no lines or bands." };
        var output = new Option<string>("--output", "-o") { Description = "Image file to write: .png or .svg.", Required = true };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => FigureFile.DefaultWidth };
        var height = new Option<int>("--height") { Description = "Height in pixels.", DefaultValueFactory = _ => FigureFile.DefaultHeight };
        var lockTimeout = SweepCommand.LockTimeoutOption();
        var command = new Command("plot", "Plot a results database: a metric against a grid parameter with its 95% band, points on log-log axes, or a heatmap with a contour.\n" +
            "Example: memlab plot results.db --x width --y memorized --series cover -o memorized.png")
        {
            database, x, y, series, heatmap, contour, log, scatter, output, width, height, lockTimeout,
        };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            ResultsTable results;
            using (var store = SqliteRunStore.OpenExisting(parse.GetRequiredValue(database), TimeSpan.FromSeconds(parse.GetValue(lockTimeout))))
                results = ResultsTable.Aggregate(store.Spec, store.ReadRuns());
            string xName = parse.GetRequiredValue(x), metric = parse.GetRequiredValue(y);
            var scale = parse.GetValue(log) ? AxisScale.LogLog : AxisScale.Linear;
            if (parse.GetValue(contour) is not null && parse.GetValue(heatmap) is null)
                throw MemLabException.InvalidOptions("--contour outlines a heatmap; add --heatmap PARAM2 or drop --contour.");
            var plot = parse.GetValue(heatmap) is { } rows
                ? ResultFigures.Heatmap(results, xName, rows, metric, parse.GetValue(contour))
                : parse.GetValue(scatter)
                    ? ResultFigures.Scatter(results, xName, metric, parse.GetValue(series), scale)
                    : ResultFigures.Line(results, xName, metric, parse.GetValue(series), scale);
            string path = parse.GetRequiredValue(output);
            FigureFile.Save(plot, path, parse.GetValue(width), parse.GetValue(height));
            context.Log.WriteLine($"memlab: wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

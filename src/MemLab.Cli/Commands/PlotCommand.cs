using System.CommandLine;
using MemLab.Experiments;
using MemLab.Reporting;

namespace MemLab.Cli.Commands;

/// <summary>
/// <c>memlab plot DB --x PARAM [--y METRIC] [--series PARAM] [--heatmap PARAM2] [--contour LEVEL [--contour-of METRIC]] [--where P=V]... [--log] [--scatter] -o FILE</c>:
/// reads the options as a <see cref="SweepFigure"/> (the form a sweep spec's figures take) and draws it through
/// <see cref="Lab.Figure"/>, the dispatch the HTML report uses.
/// </summary>
internal static class PlotCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var database = new ResultsDatabase();
        var x = new Option<string>("--x") { Description = "Grid parameter on the x axis (numeric, except for a heatmap).", Required = true };
        var y = new Option<string>("--y") { Description = $"Metric to plot, {ResultFigures.SuccessRate}, or {ResultFigures.Seconds} (run time in seconds).", DefaultValueFactory = _ => ResultFigures.SuccessRate };
        var series = new Option<string?>("--series") { Description = "Grid parameter drawn as one line per value." };
        var heatmap = new Option<string?>("--heatmap") { Description = "Draw a heatmap over --x and this grid parameter instead of lines." };
        var contour = new Option<double?>("--contour") { Description = "With --heatmap: outline the cells where the metric is at least this level, e.g. 0.99." };
        var contourOf = new Option<string?>("--contour-of") { Description = "With --contour: the metric the contour follows (default: the plotted one), e.g. a width heatmap outlined where memorized >= 0.99." };
        var where = new Option<string[]>("--where")
        {
            Description = "Keep only results where grid parameter P has value V (P=V); repeat it: the same P twice keeps either value, different Ps must all match.",
            AllowMultipleArgumentsPerToken = false,
        };
        var log = new Option<bool>("--log") { Description = "Log-log axes (lines and scatter)." };
        var scatter = new Option<bool>("--scatter") { Description = "Points only, no lines or bands." };
        var output = new Option<string>("--output", "-o") { Description = "Image file to write: .png or .svg.", Required = true };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => FigureFile.DefaultWidth };
        var height = new Option<int>("--height") { Description = "Height in pixels.", DefaultValueFactory = _ => FigureFile.DefaultHeight };
        var command = new Command("plot", "Plot a results database: a metric against a grid parameter with its 95% band, points on log-log axes, or a heatmap with a contour.\n" +
            "Example: memlab plot results.db --x width --y memorized --series cover -o memorized.png")
        {
            x, y, series, heatmap, contour, contourOf, where, log, scatter, output, width, height,
        };
        database.AddTo(command);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            if (parse.GetValue(contour) is not null && parse.GetValue(heatmap) is null)
                throw MemLabException.InvalidOptions("--contour outlines a heatmap; add --heatmap PARAM2 or drop --contour.");
            if (parse.GetValue(contourOf) is not null && parse.GetValue(contour) is null)
                throw MemLabException.InvalidOptions("--contour-of names the metric of a contour; add --contour LEVEL or drop --contour-of.");
            var figure = new SweepFigure
            {
                Kind = parse.GetValue(heatmap) is not null ? FigureKind.Heatmap : parse.GetValue(scatter) ? FigureKind.Scatter : FigureKind.Line,
                X = parse.GetRequiredValue(x),
                Y = parse.GetRequiredValue(y),
                Rows = parse.GetValue(heatmap),
                Series = parse.GetValue(heatmap) is null ? parse.GetValue(series) : null,
                Where = Filters(parse.GetValue(where) ?? []),
                Contour = parse.GetValue(contour),
                ContourOf = parse.GetValue(contourOf),
                Log = parse.GetValue(log),
            };
            var plot = context.Lab.Figure(parse.GetRequiredValue(database.Path), figure, database.Timeout(parse)).Plot;
            string path = parse.GetRequiredValue(output);
            context.Lab.Save(plot, path, parse.GetValue(width), parse.GetValue(height));
            context.Log.WriteLine($"memlab: wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The --where values as (parameter, value) pairs.</summary>
    /// <exception cref="MemLabException">A value is not P=V.</exception>
    private static IReadOnlyList<KeyValuePair<string, string>> Filters(string[] values) => values.Select(text =>
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
            throw MemLabException.InvalidOptions($"--where {text} is not PARAMETER=VALUE; write for example --where cover=greedy.");
        return new KeyValuePair<string, string>(text[..equals].Trim(), text[(equals + 1)..].Trim());
    }).ToList();
}

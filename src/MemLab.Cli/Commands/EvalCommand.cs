using System.CommandLine;
using System.Globalization;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab eval MODEL --data SPEC</c>: accuracy of a saved network on (held-out) data, in float64.</summary>
internal static class EvalCommand
{
    /// <summary>The JSON body of <c>eval</c>.</summary>
    internal sealed record EvalResult(ModelSummary Model, DataSummary Data, EvaluationReport Report);

    public static Command Create(CliEnvironment environment)
    {
        var model = NetworkFileArgument.Create();
        var data = new Option<string>("--data", "-d")
        {
            Description = "Data spec of the points to evaluate on, e.g. mnist:split=test,classes=0-1.",
            Required = true,
        };
        var command = new Command("eval",
            "Evaluate a saved network on a dataset (typically held-out data) in float64: accuracy, accuracy per class and the " +
            "confusion counts for labelled data; mean and largest |f(x) - y| for real targets.\n" +
            "Example: memlab eval m01.safetensors --data mnist:split=test,classes=0-1") { model, data };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string path = parse.GetRequiredValue(model);
            var (network, summary, report) = context.Lab.Evaluate(path, parse.GetRequiredValue(data));
            var result = new EvalResult(ModelSummary.Of(path, network), summary, report);
            context.Write("eval", result, console => Render(console, result));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, EvalResult result)
    {
        var report = result.Report;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("");
        table.HideHeaders();
        table.AddRow("network", Markup.Escape($"{result.Model.Shape}, {BuildReportView.Count(result.Model.ParameterCount)} parameters"));
        table.AddRow("data", Markup.Escape($"{result.Data.Spec} ({BuildReportView.Count(report.SampleCount)} points)"));
        if (report.Accuracy is { } accuracy)
        {
            table.AddRow("accuracy", $"{accuracy.ToString("F4", CultureInfo.InvariantCulture)} ({BuildReportView.Count(report.CorrectCount ?? 0)} of {BuildReportView.Count(report.SampleCount)})");
            table.AddRow("per class", Markup.Escape(string.Join(", ", report.PerClassAccuracy.Select((a, k) =>
                $"{report.ClassNames[k]}: {(a is { } value ? value.ToString("F4", CultureInfo.InvariantCulture) : "no points")}"))));
            if (report.TieCount > 0) table.AddRow("argmax ties", report.TieCount.ToString(CultureInfo.InvariantCulture));
        }
        if (report.MeanError is { } mean)
            table.AddRow("mean |f(x) - y|", mean.ToString("G6", CultureInfo.InvariantCulture));
        if (report.MaxError is { } max)
            table.AddRow("max |f(x) - y|", max.ToString("G6", CultureInfo.InvariantCulture));
        console.Write(table);
        if (report.Confusion.Count == 0) return;
        var confusion = new Table().Border(TableBorder.Rounded).Title("confusion (rows: true class, columns: predicted)").AddColumn("");
        for (int k = 0; k < report.Confusion.Count; k++) confusion.AddColumn(Markup.Escape(report.ClassNames[k]));
        for (int k = 0; k < report.Confusion.Count; k++)
            confusion.AddRow([Markup.Escape(report.ClassNames[k]), .. report.Confusion[k].Select(c => c.ToString(CultureInfo.InvariantCulture))]);
        console.Write(confusion);
    }
}

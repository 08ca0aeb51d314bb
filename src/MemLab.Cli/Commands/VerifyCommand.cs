using System.CommandLine;
using System.Globalization;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab verify MODEL --data SPEC</c>: exact, float64 check that a saved network memorizes a dataset.</summary>
internal static class VerifyCommand
{
    /// <summary>The JSON body of <c>verify</c>.</summary>
    internal sealed record VerifyResult(ModelSummary Model, DataSummary Data, bool DataMatchesModel, VerificationReport Report);

    /// <summary>How many failing indices the table lists before "and N more" (JSON lists them all).</summary>
    private const int ListedFailures = 20;

    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "A network file (.safetensors) written by memlab." };
        var data = new Option<string>("--data", "-d")
        {
            Description = "Data spec of the points to check, e.g. moons:n=1000,noise=0.05,seed=0.",
            Required = true,
        };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Real targets: the largest |f(x) - y| that still counts as memorized.",
            DefaultValueFactory = _ => Verification.DefaultTolerance,
        };
        tolerance.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!(double.IsFinite(value) && value >= 0)) result.AddError($"--tolerance must be a finite number >= 0; got {value}.");
        });
        var command = new Command("verify",
            "Evaluate a saved network on every point in float64 and report whether it memorizes them: failures and their " +
            "indices, the smallest threshold-unit margin relative to its pre-activation scale, max |weight|, and max error " +
            "for real targets. Exit code 0 when memorized, 3 when not.") { model, data, tolerance };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string path = parse.GetRequiredValue(model);
            var (network, summary, matches, report) = context.Lab.Verify(path, parse.GetRequiredValue(data), parse.GetValue(tolerance));
            if (!matches && !context.Json)
                context.Log.WriteLine("memlab: note: this data differs from the data the network was built from (content hashes differ).");
            var result = new VerifyResult(ModelSummary.Of(path, network), summary, matches, report);
            context.Write("verify", result, console => Render(console, result));
            return report.Memorized ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, VerifyResult result)
    {
        var report = result.Report;
        console.MarkupLine(report.Memorized
            ? $"[green]memorized[/]: all {report.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} points"
            : $"[red]not memorized[/]: {report.FailureCount.ToString("N0", CultureInfo.InvariantCulture)} of {report.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} points fail");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("");
        table.HideHeaders();
        table.AddRow("network", Markup.Escape($"{result.Model.Shape}, {result.Model.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters"));
        table.AddRow("data", Markup.Escape(result.Data.Spec));
        if (report.FailureCount > 0)
        {
            string listed = string.Join(", ", report.FailureIndices.Take(ListedFailures));
            if (report.FailureCount > ListedFailures) listed += $" and {report.FailureCount - ListedFailures} more (--json lists all)";
            table.AddRow("failing samples", listed);
        }
        if (report.TieCount > 0) table.AddRow("argmax ties", report.TieCount.ToString(CultureInfo.InvariantCulture));
        if (report.MaxError is { } error)
            table.AddRow("max |f(x) - y|", $"{error.ToString("G6", CultureInfo.InvariantCulture)} (tolerance {report.Tolerance?.ToString("G3", CultureInfo.InvariantCulture)})");
        if (report.MinThresholdMargin is { } margin)
            table.AddRow("smallest threshold margin",
                $"{margin.Value.ToString("G4", CultureInfo.InvariantCulture)} (layer {margin.Layer}, unit {margin.Unit}, sample {margin.Sample})");
        table.AddRow("max |weight|", report.MaxAbsWeight.ToString("G6", CultureInfo.InvariantCulture));
        console.Write(table);
    }
}

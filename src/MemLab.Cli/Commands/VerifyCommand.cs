using System.CommandLine;
using System.Globalization;
using MemLab.Interop.Onnx;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab verify MODEL --data SPEC</c>: exact, float64 check that a saved network memorizes a dataset.</summary>
internal static class VerifyCommand
{
    /// <summary>The JSON body of <c>verify</c>.</summary>
    internal sealed record VerifyResult(ModelSummary Model, DataSummary Data, bool DataMatchesModel, VerificationReport Report,
        OnnxCheckReport? Onnx = null);

    /// <summary>How many failing indices the table lists before "and N more" (JSON lists them all).</summary>
    private const int ListedFailures = 20;

    public static Command Create(CliEnvironment environment)
    {
        var model = NetworkFileArgument.Create();
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
        var onnxDefaults = new OnnxExportOptions();
        var engine = new Option<VerifyEngine>("--engine")
        {
            Description = "memlab: float64 check only; onnxruntime: also export to ONNX and run it in ONNX Runtime on every point " +
                "(identical labels, outputs within float32 tolerance).",
            DefaultValueFactory = _ => VerifyEngine.Memlab,
            HelpName = "memlab|onnxruntime",
        };
        var precision = new Option<Precision>("--precision")
        {
            Description = "With --engine onnxruntime: the exported model's number type, as for 'memlab export'.",
            DefaultValueFactory = _ => onnxDefaults.Precision,
            HelpName = "float32|float64",
        };
        var opset = new Option<int>("--opset")
        {
            Description = "With --engine onnxruntime: the ONNX opset, as for 'memlab export'.",
            DefaultValueFactory = _ => onnxDefaults.Opset,
        };
        var command = new Command("verify",
            "Evaluate a saved network on every point in float64 and report whether it memorizes them: failures and their " +
            "indices, the smallest threshold-unit margin relative to its pre-activation scale, max |weight|, and max error " +
            "for real targets. With --engine onnxruntime, also runs the exported ONNX model in ONNX Runtime and compares. " +
            "Exit code 0 when memorized (and ONNX Runtime agrees), 3 when not.\n" +
            "Example: memlab verify moons.safetensors --data moons:n=1000,noise=0.05,seed=0 --engine onnxruntime")
        { model, data, tolerance, engine, precision, opset };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string path = parse.GetRequiredValue(model);
            Network network;
            DataSummary summary;
            bool matches;
            VerificationReport report;
            OnnxCheckReport? onnx = null;
            if (parse.GetValue(engine) == VerifyEngine.Onnxruntime)
                (network, summary, matches, report, onnx) = context.Lab.VerifyWithOnnxRuntime(path, parse.GetRequiredValue(data), parse.GetValue(tolerance),
                    new OnnxExportOptions { Precision = parse.GetValue(precision), Opset = parse.GetValue(opset) });
            else
                (network, summary, matches, report) = context.Lab.Verify(path, parse.GetRequiredValue(data), parse.GetValue(tolerance));
            if (!matches && !context.Json)
                context.Log.WriteLine("memlab: note: this data differs from the data the network was built from (content hashes differ).");
            var result = new VerifyResult(ModelSummary.Of(path, network), summary, matches, report, onnx);
            context.Write("verify", result, console => Render(console, result));
            return report.Memorized && onnx is not { Agrees: false } ? ExitCodes.Ok : ExitCodes.CheckFailed;
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
            table.AddRow("failing samples", Listed(report.FailureIndices));
        }
        if (report.TieCount > 0) table.AddRow("argmax ties", report.TieCount.ToString(CultureInfo.InvariantCulture));
        if (report.MaxError is { } error)
            table.AddRow("max |f(x) - y|", $"{error.ToString("G6", CultureInfo.InvariantCulture)} (tolerance {report.Tolerance?.ToString("G3", CultureInfo.InvariantCulture)})");
        if (report.MinThresholdMargin is { } margin)
            table.AddRow("smallest threshold margin",
                $"{margin.Value.ToString("G4", CultureInfo.InvariantCulture)} (layer {margin.Layer}, unit {margin.Unit}, sample {margin.Sample})");
        table.AddRow("max |weight|", report.MaxAbsWeight.ToString("G6", CultureInfo.InvariantCulture));
        if (result.Onnx is { } onnx)
        {
            table.AddRow("onnx runtime", Markup.Escape(
                $"{(onnx.Agrees ? "agrees" : "DISAGREES")} on {onnx.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} points " +
                $"(ONNX Runtime {onnx.RuntimeVersion}, opset {onnx.Opset}, {onnx.Precision.ToString().ToLowerInvariant()})"));
            if (onnx.LabelMismatchIndices.Count > 0)
                table.AddRow("onnx label differs", Listed(onnx.LabelMismatchIndices));
            if (onnx.OutputMismatchIndices.Count > 0)
                table.AddRow("onnx output differs", Listed(onnx.OutputMismatchIndices));
            table.AddRow("onnx max difference", string.Create(CultureInfo.InvariantCulture,
                $"{onnx.MaxAbsDifference:G3} absolute, {onnx.MaxRelativeDifference:G3} relative to the summed terms (tolerance {onnx.Tolerance:G3})"));
        }
        console.Write(table);
    }

    private static string Listed(IReadOnlyList<int> indices)
    {
        string listed = string.Join(", ", indices.Take(ListedFailures));
        if (indices.Count > ListedFailures) listed += $" and {indices.Count - ListedFailures} more (--json lists all)";
        return listed;
    }
}

using System.CommandLine;
using System.Globalization;
using MemLab.Interop;
using MemLab.Interop.Onnx;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab export MODEL --format onnx|safetensors -o FILE</c>: writes a saved network for other tools.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new OnnxExportOptions();
        var model = NetworkFileArgument.Create();
        var format = new Option<ExportFormat>("--format", "-f")
        {
            Description = "onnx: an ONNX model (input [N,d] -> scores [N,K], label [N] int64); safetensors: layers.i.weight [out,in] and layers.i.bias as float64 (docs/export.md shows how to load it in NumPy).",
            Required = true,
            HelpName = "onnx|safetensors",
        };
        var output = new Option<string>("--output", "-o") { Description = "The file to write (replaced if it exists).", Required = true };
        var precision = new Option<Precision>("--precision")
        {
            Description = "ONNX number type: float32 (what ONNX Runtime computes in) or float64 (weights exactly as memlab stores them).",
            DefaultValueFactory = _ => defaults.Precision,
            HelpName = "float32|float64",
        };
        var opset = new Option<int>("--opset")
        {
            Description = $"ONNX operator set version, {OnnxExportOptions.MinOpset}-{OnnxExportOptions.MaxOpset}.",
            DefaultValueFactory = _ => defaults.Opset,
        };
        var data = new Option<string?>("--data", "-d")
        {
            Description = "ONNX float32: data on which to measure threshold margins against float32 resolution. Default: the data the network was built from, if its file names it and it loads; otherwise the check is skipped, with a note.",
        };
        var command = new Command("export",
            "Write a saved network for other tools: ONNX for ONNX Runtime and other ONNX consumers, or safetensors for NumPy, " +
            "PyTorch and JAX. For ONNX in float32, warns when a threshold margin on the data is below float32 resolution " +
            "(then export with --precision float64), and 'memlab verify MODEL --data SPEC --engine onnxruntime' checks the " +
            "exported model on every point.\n" +
            "Example: memlab export moons.safetensors --format onnx -o moons.onnx")
        { model, format, output, precision, opset, data };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = new OnnxExportOptions { Precision = parse.GetValue(precision), Opset = parse.GetValue(opset) };
            var report = context.Lab.Export(parse.GetRequiredValue(model), parse.GetValue(format), parse.GetRequiredValue(output), options, parse.GetValue(data));
            if (report.Format == ExportFormat.Onnx && report.Precision == Precision.Float32 && report.BelowFloat32Resolution)
                context.Log.WriteLine(
                    $"memlab: warning: the smallest threshold margin on {report.DataSpec} is {Format(report.MinThresholdMargin!.Value)} " +
                    $"(layer {report.MinThresholdMargin.Layer}, unit {report.MinThresholdMargin.Unit}, sample {report.MinThresholdMargin.Sample}), " +
                    $"below float32 resolution {Format(report.Float32Resolution)}: a float32 runtime may flip that decision. " +
                    $"'memlab verify MODEL --data {report.DataSpec} --engine onnxruntime' shows whether any label changes; " +
                    "export with --precision float64 to be safe.");
            else if (report.MarginCheckSkipped is { } reason && report.Float32Resolution > 0 && !context.Json)
                context.Log.WriteLine($"memlab: note: threshold margin check skipped: {reason}.");
            context.Write("export", report, console => Render(console, report));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    private static void Render(IAnsiConsole console, ExportReport report)
    {
        string what = report.Format == ExportFormat.Onnx
            ? $"ONNX opset {report.Opset}, {report.Precision.ToString().ToLowerInvariant()}"
            : "safetensors, float64";
        console.MarkupLine(Markup.Escape($"wrote {report.Path} ({what}, {report.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)"));
        if (report.MinThresholdMargin is { } margin)
            console.MarkupLine(Markup.Escape(
                $"smallest threshold margin on {report.DataSpec}: {Format(margin.Value)} (float32 resolution {Format(report.Float32Resolution)})"));
    }
}

using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab model show MODEL</c>: the architecture, parameter count and provenance stored in a network file.</summary>
internal static class ModelCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Command("model", "Inspect saved networks.");
        var path = NetworkFileArgument.Create();
        var show = new Command("show", "Show a saved network's layers, parameter count and how it was made.\n" +
            "Example: memlab model show moons.safetensors") { path };
        show.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string file = parse.GetRequiredValue(path);
            var summary = ModelSummary.Of(file, context.Lab.LoadNetwork(file));
            context.Write("model show", summary, console => Render(console, summary));
            return ExitCodes.Ok;
        });
        model.Subcommands.Add(show);
        return model;
    }

    internal static void Render(IAnsiConsole console, ModelSummary summary)
    {
        console.MarkupLine($"[bold]{Markup.Escape(summary.Path)}[/]: {summary.Shape}, {summary.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters, output rule {summary.OutputRule}");
        var layers = new Table().Border(TableBorder.Rounded)
            .AddColumn("layer").AddColumn(new TableColumn("inputs").RightAligned()).AddColumn(new TableColumn("units").RightAligned())
            .AddColumn("activation").AddColumn(new TableColumn("parameters").RightAligned()).AddColumn("storage");
        for (int i = 0; i < summary.Layers.Count; i++)
        {
            var layer = summary.Layers[i];
            layers.AddRow(i.ToString(CultureInfo.InvariantCulture), layer.Inputs.ToString("N0", CultureInfo.InvariantCulture),
                layer.Outputs.ToString("N0", CultureInfo.InvariantCulture), layer.Activation.ToString(),
                layer.Parameters.ToString("N0", CultureInfo.InvariantCulture), layer.Storage);
        }
        console.Write(layers);
        var p = summary.Provenance;
        console.MarkupLine(Markup.Escape(
            $"made by {p.Method} (memlab {p.MemLabVersion}), seed {p.Seed?.ToString(CultureInfo.InvariantCulture) ?? "none"}, " +
            $"data {p.DataSpec ?? "unknown"}, options {p.OptionsJson}"));
    }
}

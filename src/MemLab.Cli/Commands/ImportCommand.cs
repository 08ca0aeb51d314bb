using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab import FILE -o MODEL</c>: a safetensors MLP written by another tool becomes a memlab network file.</summary>
internal static class ImportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var file = new Argument<string>("file")
        {
            Description = "A safetensors file with layers.i.weight [out,in] and layers.i.bias [out] (F32 or F64) and __metadata__ " +
                "activations (e.g. \"relu,identity\") and output_rule (sign, argmax or value).",
        };
        var output = new Option<string>("--output", "-o") { Description = "The memlab network file to write (.safetensors).", Required = true };
        var command = new Command("import",
            "Read a dense network trained elsewhere (PyTorch, JAX, NumPy) from a safetensors file in the layout docs/export.md " +
            "documents, and save it as a memlab network, ready for 'memlab verify' and 'memlab model show'.\n" +
            "Example: memlab import trained.safetensors -o trained-memlab.safetensors")
        { file, output };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string path = parse.GetRequiredValue(output);
            var summary = ModelSummary.Of(path, context.Lab.Import(parse.GetRequiredValue(file), path));
            context.Write("import", summary, console =>
            {
                console.MarkupLine(Markup.Escape($"imported {summary.Shape}, {summary.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters"));
                ModelCommand.Render(console, summary);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}

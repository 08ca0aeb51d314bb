using System.CommandLine;
using MemLab.Constructions;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build zhang --data SPEC ...</c>: Zhang et al.'s N ReLUs on a 1-D projection, verified, reported and saved.</summary>
internal static class BuildZhangCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new ZhangOptions();
        var directions = new Option<int>(OptionsBinder.CommandLineName<ZhangOptions>(nameof(ZhangOptions.Directions)), "-r")
        {
            Description = "Random projection directions to try; the one with the largest min-gap / range is kept (>= 1).",
            DefaultValueFactory = _ => defaults.Directions,
        };
        return ConstructionCommand.Create<ZhangOptions, ZhangDetails>(environment,
            "Zhang et al. (2017) baseline: project onto the best random direction, N ReLUs with a knot before each sorted point, " +
            "output weights from a lower-triangular solve. Real targets (output = value) or two classes (targets -1/+1, output = sign). " +
            "Exit code 0 when memorized, 3 when not.\n" +
            "Example: memlab build zhang --data gaussian:n=2000,d=20,targets=uniform -o zhang.safetensors",
            "Data spec: real targets (e.g. gaussian:n=2000,d=20,targets=uniform) or two classes.",
            "Seed of the random projection directions.",
            [directions],
            parse => new ZhangOptions { Directions = parse.GetValue(directions) },
            RowsBeforeSizes,
            RowsAfterSizes);
    }

    /// <summary>The rows between the data and the sizes.</summary>
    private static void RowsBeforeSizes(Table table, BuildOutput<ZhangOptions> result, ZhangDetails details)
    {
        table.AddRow("options", $"{result.Options.Directions} directions, seed {result.Seed}");
    }

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput<ZhangOptions> result, ZhangDetails details)
    {
        table.AddRow("paper's count 2N + d", BuildReportView.Count(details.PaperParameterCount));
        LineProjectionRows.AddParametersPerPoint(table, details.ParametersPerPoint);
        LineProjectionRows.AddProjection(table, details.Directions, details.MinGap, details.ProjectionRange);
        LineProjectionRows.AddClassMargin(table, details.ClassMargin);
    }
}

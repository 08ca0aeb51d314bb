using System.CommandLine;
using MemLab.Constructions;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build baum --data SPEC ...</c>: Baum's threshold-slab construction, verified, reported and saved.</summary>
internal static class BuildBaumCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new BaumOptions();
        var safety = new Option<double>(OptionsBinder.CommandLineName<BaumOptions>(nameof(BaumOptions.RoundingSafety)))
        {
            Description = "Each group's eps must be this many times its float64 rounding bound, else the group is regrouped (>= 1).",
            DefaultValueFactory = _ => defaults.RoundingSafety,
        };
        return ConstructionCommand.Create<BaumOptions, BaumDetails>(environment,
            "Baum (1988): the smaller class in groups of d points (r after a PCA projection when the data lies in a subspace), " +
            "two threshold units per group that fire exactly on the slab around the group's hyperplane, and an OR output. " +
            "Prints widths, parameters, parameters / N, the working dimension, the smallest eps and its distance from rounding, " +
            "the margin and whether it memorizes. Exit code 0 when memorized, 3 when not.\n" +
            "Example: memlab build baum --data gaussian:n=2000,d=20 -o baum.safetensors",
            "Data spec with two classes, e.g. gaussian:n=2000,d=20,labels=random.",
            "Seed of the grouping and the virtual padding points.",
            [safety],
            parse => new BaumOptions { RoundingSafety = parse.GetValue(safety) },
            RowsBeforeSizes,
            RowsAfterSizes);
    }

    /// <summary>The rows between the data and the sizes.</summary>
    private static void RowsBeforeSizes(Table table, BuildOutput<BaumOptions> result, BaumDetails details)
    {
        table.AddRow("options", $"rounding safety {BuildReportView.Number(result.Options.RoundingSafety)}, seed {result.Seed}");
    }

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput<BaumOptions> result, BaumDetails details)
    {
        table.AddRow("grouped class", $"{details.GroupedClass} (the smaller class)");
        SlabReportView.AddGeneralPositionRows(table, details.GeneralPosition, details.ParametersPerPoint);
    }
}

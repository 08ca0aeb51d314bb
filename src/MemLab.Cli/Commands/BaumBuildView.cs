using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build baum</c>: Baum's threshold-slab construction, its help texts and table rows.</summary>
internal static class BaumBuildView
{
    public static BuildView View { get; } = BuildView.Of<BaumOptions, BaumDetails>(
        "Baum (1988): the smaller class in groups of d points (r after a PCA projection when the data lies in a subspace), " +
        "two threshold units per group that fire exactly on the slab around the group's hyperplane, and an OR output. " +
        "Prints widths, parameters, parameters / N, the working dimension, the smallest eps and its distance from rounding, " +
        "the margin and whether it memorizes. Exit code 0 when memorized, 3 when not.\n" +
        "Example: memlab build baum --data gaussian:n=2000,d=20 -o baum.safetensors",
        "Data spec with two classes, e.g. gaussian:n=2000,d=20,labels=random.",
        "Seed of the grouping and the virtual padding points.",
        null,
        RowsAfterSizes);

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput result, BaumOptions options, BaumDetails details)
    {
        table.AddRow("grouped class", $"{details.GroupedClass} (the smaller class)");
        SlabReportView.AddGeneralPositionRows(table, details.GeneralPosition, details.ParametersPerPoint);
    }
}

using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build bubeck</c>: the Bubeck-Eldan-Lee-Mikulincer ReLU construction, its help texts and table rows.</summary>
internal static class BubeckBuildView
{
    public static BuildView View { get; } = BuildView.Of<BubeckOptions, BubeckDetails>(
        "Bubeck, Eldan, Lee, Mikulincer (2020): all points in groups of d (r after a PCA projection), four ReLU units per group " +
        "that reproduce the group's targets and vanish on every other point (2 + 2K units for K outputs). Real targets are " +
        "interpolated; two classes through -1/+1 and the sign; K classes through one-hot codes and argmax. Prints widths, " +
        "parameters, parameters / N, the smallest eps and delta, the largest output weight, the max error or margin and " +
        "whether it memorizes. Exit code 0 when memorized, 3 when not.\n" +
        "Example: memlab build bubeck --data gaussian:n=2000,d=20,targets=uniform -o bubeck.safetensors",
        "Data spec with real targets or class labels, e.g. gaussian:n=2000,d=20,labels=random.",
        "Seed of the grouping and the virtual padding points.",
        null,
        RowsAfterSizes);

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput result, BubeckOptions options, BubeckDetails details)
    {
        table.AddRow("targets", $"{details.Targets.ToString().ToLowerInvariant()}, {details.OutputCount} output(s), {details.UnitsPerGroup} units per group");
        SlabReportView.AddGeneralPositionRows(table, details.GeneralPosition, details.ParametersPerPoint);
        table.AddRow("smallest delta", BuildReportView.Number(details.SmallestDelta));
        table.AddRow("largest output weight", BuildReportView.Number(details.LargestOutputWeight));
        table.AddRow("rounding error estimate", $"{BuildReportView.Number(details.RoundingErrorEstimate)} (2^-53 x the output terms that cancel)");
    }
}

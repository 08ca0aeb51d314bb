using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build zhang</c>: Zhang et al.'s N ReLUs on a 1-D projection, its help texts and table rows.</summary>
internal static class ZhangBuildView
{
    public static BuildView View { get; } = BuildView.Of<ZhangOptions, ZhangDetails>(
        "Zhang et al. (2017) baseline: project onto the best random direction, N ReLUs with a knot before each sorted point, " +
        "output weights from a lower-triangular solve. Real targets (output = value) or two classes (targets -1/+1, output = sign). " +
        "Exit code 0 when memorized, 3 when not.\n" +
        "Example: memlab build zhang --data gaussian:n=2000,d=20,targets=uniform -o zhang.safetensors",
        "Data spec: real targets (e.g. gaussian:n=2000,d=20,targets=uniform) or two classes.",
        "Seed of the random projection directions.",
        null,
        RowsAfterSizes,
        new Dictionary<string, OptionHint> { ["directions"] = new(Alias: "-r") });

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput result, ZhangOptions options, ZhangDetails details)
    {
        table.AddRow("paper's count 2N + d", BuildReportView.Count(details.PaperParameterCount));
        LineProjectionRows.AddParametersPerPoint(table, details.ParametersPerPoint);
        LineProjectionRows.AddProjection(table, details.Directions, details.MinGap, details.ProjectionRange);
        LineProjectionRows.AddClassMargin(table, details.ClassMargin);
    }
}

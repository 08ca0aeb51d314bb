using System.Globalization;
using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build yun</c>: two hidden ReLU layers of about sqrt(N) (Yun, Sra, Jadbabaie's family), its help texts and table rows.</summary>
internal static class YunBuildView
{
    public static BuildView View { get; } = BuildView.Of<YunOptions, YunDetails>(
        "Two hidden ReLU layers of about sqrt(N) units (Yun, Sra, Jadbabaie 2019 family): project onto a line, cut the sorted points " +
        "into blocks, interpolate each block with alternating slopes. Real targets in [-1, 1], two classes (-1/+1, sign), or K classes " +
        "(the class index, then a third layer of K + 2 ReLUs and argmax). Exit code 0 when memorized, 3 when not.\n" +
        "Example: memlab build yun --data gaussian:n=2000,d=20,targets=uniform -o yun.safetensors",
        "Data spec: real targets in [-1, 1] (e.g. gaussian:n=2000,d=20,targets=uniform; others are refused, not rescaled) or class labels.",
        "Seed of the random projection directions.",
        null,
        RowsAfterSizes,
        new Dictionary<string, OptionHint>
        {
            ["directions"] = new(Alias: "-r"),
            ["blocks"] = new(Alias: "-p"),
        });

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput result, YunOptions options, YunDetails details)
    {
        var report = result.Report;
        table.AddRow("hidden ReLU units", $"{string.Join(" + ", details.HiddenUnits)} = {details.HiddenUnits.Sum()} ({details.Blocks} blocks of at most {details.LargestBlock} points)");
        table.AddRow("theorem", $"4 floor(d1/2) floor(d2/2) = {BuildReportView.Count(details.TheoremCapacity)} >= N = {BuildReportView.Count(report.Verification.SampleCount)}; " +
            $"smallest d1 + d2 it allows: {details.TheoremHiddenUnits}");
        if (details.KClassStatementUnits is { } statement)
            table.AddRow("K-class statement", $"4 sqrt(N) + 4K = {statement.ToString("F0", CultureInfo.InvariantCulture)} hidden units");
        LineProjectionRows.AddParametersPerPoint(table, details.ParametersPerPoint);
        LineProjectionRows.AddProjection(table, details.Directions, details.MinGap, details.ProjectionRange);
        if (details.RelativeSmallestCut is { } cut) table.AddRow("smallest cut / range", BuildReportView.Number(cut));
        LineProjectionRows.AddClassMargin(table, details.ClassMargin);
    }
}

using System.Globalization;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>The table rows the 1-D projection constructions (<c>build zhang</c>, <c>build yun</c>) share.</summary>
internal static class LineProjectionRows
{
    /// <summary>The chosen direction's smallest gap relative to the range, and how many directions were tried.</summary>
    public static void AddProjection(Table table, int directions, double minGap, double range) =>
        table.AddRow("projection", $"best of {directions} directions: min gap {BuildReportView.Number(minGap)}, range {BuildReportView.Number(range)}, " +
            $"min gap / range {BuildReportView.Number(minGap / range)}");

    /// <summary>Parameters divided by N.</summary>
    public static void AddParametersPerPoint(Table table, double perPoint) =>
        table.AddRow("parameters / N", perPoint.ToString("F2", CultureInfo.InvariantCulture));

    /// <summary>The smallest classification margin (1 in exact arithmetic), when the targets are classes.</summary>
    public static void AddClassMargin(Table table, double? margin)
    {
        if (margin is { } value) table.AddRow("smallest class margin", $"{BuildReportView.Number(value)} (1 in exact arithmetic)");
    }
}

using System.Globalization;
using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>The table rows the hyperplane-slab builds (<c>build baum</c>, <c>build bubeck</c>) share: general position and grouping.</summary>
internal static class SlabReportView
{
    /// <summary>Parameters per point, working dimension, groups, eps and its distance from rounding, regrouping and fragile points.</summary>
    public static void AddGeneralPositionRows(Table table, GeneralPositionReport report, double parametersPerPoint)
    {
        table.AddRow("parameters / N", parametersPerPoint.ToString("G4", CultureInfo.InvariantCulture));
        table.AddRow("working dimension", report.Projected
            ? $"r = {report.WorkingDimension} (PCA projection of d = {report.InputDimension}, folded into layer 1)"
            : $"r = d = {report.InputDimension} (no projection)");
        table.AddRow("groups", $"{BuildReportView.Count(report.GroupCount)} for {BuildReportView.Count(report.GroupedPoints)} points " +
            $"({BuildReportView.Count(report.VirtualPoints)} virtual padding points)");
        table.AddRow("smallest eps", BuildReportView.Number(report.SmallestEps));
        table.AddRow("eps / rounding bound", $"{BuildReportView.Number(report.SmallestSafetyRatio)} (required {BuildReportView.Number(report.RequiredSafety)})");
        if (report.SplitGroups + report.RedrawnHyperplanes > 0)
            table.AddRow("regrouped", $"{report.SplitGroups} split, {report.RedrawnHyperplanes} redrawn");
        if (report.FragileIndices.Count > 0)
            table.AddRow("fragile (eps near rounding)", BuildReportView.Indices(report.FragileIndices));
        foreach (string note in report.Notes) table.AddRow("note", Markup.Escape(note));
    }
}
